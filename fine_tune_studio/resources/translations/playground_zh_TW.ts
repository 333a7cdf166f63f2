<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>AddExampleDialog</name>
    <message>
        <location filename="../../ui/playground/add_example_dialog.py" line="95"/>
        <source>Add to the dataset</source>
        <translation>加入資料集</translation>
    </message>
    <message>
        <location filename="../../ui/playground/add_example_dialog.py" line="97"/>
        <source>Check each answer and correct it where the model should have said something better. The example is added to the dataset open in Examples.</source>
        <translation>逐一檢查每個回答，若模型應該回答得更好，就直接修改。這則範例會加入「範例」中開啟的資料集。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/add_example_dialog.py" line="100"/>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <location filename="../../ui/playground/add_example_dialog.py" line="101"/>
        <source>Add each question as its own example</source>
        <translation>每則提問各自成為一則範例</translation>
    </message>
    <message>
        <location filename="../../ui/playground/add_example_dialog.py" line="139"/>
        <source>Add example</source>
        <translation>加入範例</translation>
    </message>
    <message>
        <location filename="../../ui/playground/add_example_dialog.py" line="140"/>
        <source>Add %1 examples</source>
        <translation>加入 %1 則範例</translation>
    </message>
    <message>
        <location filename="../../ui/playground/add_example_dialog.py" line="129"/>
        <source>Error</source>
        <translation>錯誤</translation>
    </message>
    <message>
        <location filename="../../ui/playground/add_example_dialog.py" line="129"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../ui/playground/add_example_dialog.py" line="131"/>
        <source>Example %1 — %2</source>
        <translation>範例 %1 — %2</translation>
    </message>
    <message>
        <location filename="../../ui/playground/add_example_dialog.py" line="135"/>
        <source>No problems found.</source>
        <translation>沒有發現問題。</translation>
    </message>
</context>
<context>
    <name>BlindBar</name>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="56"/>
        <source>&amp;Blind comparison</source>
        <translation>盲測比較(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="58"/>
        <source>Hide the model names and shuffle the columns, then judge each turn</source>
        <translation>隱藏模型名稱並打亂欄位順序，再逐回合評比</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="61"/>
        <location filename="../../ui/playground/blind_bar.py" line="105"/>
        <source>%1 is better</source>
        <translation>%1 較好</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="62"/>
        <source>Tie</source>
        <translation>平手</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="63"/>
        <source>Both bad</source>
        <translation>都不好</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="64"/>
        <source>Reveal names</source>
        <translation>揭曉名稱</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="65"/>
        <source>New blind round</source>
        <translation>新的一輪盲測</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="92"/>
        <source>Names revealed.</source>
        <translation>已揭曉名稱。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="94"/>
        <source>Your verdict: %1</source>
        <translation>你的評比：%1</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="96"/>
        <source>Which answer is better?</source>
        <translation>哪個回答比較好？</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="98"/>
        <source>Ask a question, then judge the answers.</source>
        <translation>先提問，再評比回答。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="102"/>
        <source>tie</source>
        <translation>平手</translation>
    </message>
    <message>
        <location filename="../../ui/playground/blind_bar.py" line="104"/>
        <source>both bad</source>
        <translation>都不好</translation>
    </message>
</context>
<context>
    <name>ChatColumn</name>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="160"/>
        <source>model id</source>
        <translation>模型 ID</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="161"/>
        <source>↻</source>
        <translation>↻</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="162"/>
        <source>Ask the provider which models it offers</source>
        <translation>向服務商查詢可用的模型</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="163"/>
        <source>Export…</source>
        <translation>匯出…</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="165"/>
        <source>Take this fine-tuned model out: LoRA adapter, merged model, GGUF or Ollama</source>
        <translation>把這個微調後的模型匯出：LoRA 轉接器、合併後的模型、GGUF 或 Ollama</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="166"/>
        <source>✕</source>
        <translation>✕</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="167"/>
        <source>Remove this column</source>
        <translation>移除這一欄</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="168"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="169"/>
        <source>Regenerate</source>
        <translation>重新產生</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="170"/>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="171"/>
        <source>Copy the last reply as plain text</source>
        <translation>以純文字複製最後一則回覆</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="172"/>
        <source>Use this answer</source>
        <translation>採用這個回答</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="174"/>
        <source>Mark this reply as the one to keep when adding to the dataset</source>
        <translation>加入資料集時保留這則回覆</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="296"/>
        <source>Choose a model</source>
        <translation>請選擇模型</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="298"/>
        <source>Model %1</source>
        <translation>模型 %1</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="301"/>
        <source>Model %1: %2</source>
        <translation>模型 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="308"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="309"/>
        <source>edit</source>
        <translation>編輯</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="320"/>
        <source>chosen for the dataset</source>
        <translation>已選為資料集的回答</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="325"/>
        <source>(stopped)</source>
        <translation>（已停止）</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="329"/>
        <source>(cut off here: the reply is incomplete)</source>
        <translation>（在此中斷：回覆不完整）</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="330"/>
        <source>(no reply: %1)</source>
        <translation>（沒有回覆：%1）</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="357"/>
        <source>The reply was cut off</source>
        <translation>回覆中斷了</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="358"/>
        <source>The connection broke before the model finished. The text above is what arrived; Regenerate asks again.</source>
        <translation>模型還沒回答完，連線就中斷了。上方是已收到的部分；按「重新產生」可以再問一次。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="370"/>
        <source>Open %1</source>
        <translation>開啟 %1</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="399"/>
        <source>Answering…</source>
        <translation>回答中…</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="403"/>
        <source>%1 tokens in, %2 out</source>
        <translation>輸入 %1 個 token，輸出 %2 個</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="409"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/playground/chat_column.py" line="412"/>
        <source>first words after %1 s</source>
        <translation>%1 秒後開始出字</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <location filename="../../ui/playground/library_view.py" line="59"/>
        <source>Conversations are saved as you go.</source>
        <translation>對話會隨時自動儲存。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/library_view.py" line="60"/>
        <source>Open</source>
        <translation>開啟</translation>
    </message>
    <message>
        <location filename="../../ui/playground/library_view.py" line="61"/>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
    <message>
        <location filename="../../ui/playground/library_view.py" line="62"/>
        <source>Export JSONL…</source>
        <translation>匯出 JSONL…</translation>
    </message>
    <message>
        <location filename="../../ui/playground/library_view.py" line="64"/>
        <source>Save the selected conversations (all, if none is selected) as training lines, using the answers you chose or corrected</source>
        <translation>將選取的對話（未選取則為全部）存成訓練資料，使用你選定或修改過的回答</translation>
    </message>
    <message>
        <location filename="../../ui/playground/library_view.py" line="73"/>
        <source>(untitled)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <location filename="../../ui/playground/library_view.py" line="112"/>
        <source>1 training line written.</source>
        <translation>已寫入 1 則訓練範例。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/library_view.py" line="113"/>
        <source>%1 training lines written.</source>
        <translation>已寫入 %1 則訓練範例。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/library_view.py" line="116"/>
        <source>Skipped, because a turn has no chosen or corrected answer: %1</source>
        <translation>以下對話有回合尚未選定或修改回答，因此略過：%1</translation>
    </message>
    <message>
        <location filename="../../ui/playground/library_view.py" line="123"/>
        <source>Export conversations</source>
        <translation>匯出對話</translation>
    </message>
    <message>
        <location filename="../../ui/playground/library_view.py" line="124"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
</context>
<context>
    <name>ParamsBar</name>
    <message>
        <location filename="../../ui/playground/params_bar.py" line="58"/>
        <source>&amp;Temperature</source>
        <translation>溫度(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/playground/params_bar.py" line="58"/>
        <source>Top &amp;p</source>
        <translation>Top &amp;p</translation>
    </message>
    <message>
        <location filename="../../ui/playground/params_bar.py" line="58"/>
        <source>Max to&amp;kens</source>
        <translation>最多 token 數(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/playground/params_bar.py" line="59"/>
        <source>S&amp;eed</source>
        <translation>亂數種子(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/playground/params_bar.py" line="37"/>
        <source>default</source>
        <translation>預設</translation>
    </message>
    <message>
        <location filename="../../ui/playground/params_bar.py" line="39"/>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <location filename="../../ui/playground/params_bar.py" line="43"/>
        <source>the chat API</source>
        <translation>對話 API</translation>
    </message>
    <message>
        <location filename="../../ui/playground/params_bar.py" line="67"/>
        <source>Lower is steadier, higher is more varied. 0 always picks the likeliest word.</source>
        <translation>數值越低越穩定，越高越多變。0 一律選最可能的字詞。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/params_bar.py" line="70"/>
        <source>The same seed and temperature give the same reply, where the provider supports it.</source>
        <translation>服務商支援時，相同的亂數種子與溫度會得到相同的回覆。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/params_bar.py" line="79"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>PlaygroundLanguage</name>
    <message>
        <location filename="../../ui/playground/language.py" line="11"/>
        <source>en</source>
        <comment>the code of the language of this translation</comment>
        <translation>zh_TW</translation>
    </message>
</context>
<context>
    <name>PlaygroundPanel</name>
    <message>
        <location filename="../../ui/playground/panel.py" line="271"/>
        <source>New conversation</source>
        <translation>新對話</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="272"/>
        <source>Add a model</source>
        <translation>加入模型</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="274"/>
        <source>Send the same conversation to up to four models at once</source>
        <translation>同一段對話最多可同時傳給四個模型</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="276"/>
        <source>Add to dataset…</source>
        <translation>加入資料集…</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="278"/>
        <source>Turn this conversation, with the chosen or corrected answers, into a training example</source>
        <translation>把這段對話連同選定或修改過的回答，轉成一則訓練範例</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="281"/>
        <source>System prompt</source>
        <translation>系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="282"/>
        <source>From dataset</source>
        <translation>取自資料集</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="284"/>
        <source>Use the system prompt most examples of the open dataset start with</source>
        <translation>使用目前開啟的資料集中最常見的系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="287"/>
        <source>Instructions every model gets before the conversation (optional)</source>
        <translation>對話開始前給每個模型的指示（選填）</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="290"/>
        <source>Ask something… (Ctrl+Enter sends)</source>
        <translation>輸入提問…（Ctrl+Enter 送出）</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="292"/>
        <source>Send</source>
        <translation>送出</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="293"/>
        <source>Stop all</source>
        <translation>全部停止</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="294"/>
        <source>Cancel editing</source>
        <translation>取消編輯</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="295"/>
        <source>Saved</source>
        <translation>已儲存</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="296"/>
        <source>Tally</source>
        <translation>計分</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="297"/>
        <source>Saved and tally</source>
        <translation>已儲存與計分</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="298"/>
        <source>Show or hide the saved conversations and the blind tally</source>
        <translation>顯示或隱藏已儲存的對話與盲測計分</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="354"/>
        <source>Replies are still arriving; open the models again once they have stopped.</source>
        <translation>回覆仍在傳送中；等回覆停止後，請再開啟一次這兩個模型。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="369"/>
        <source>%1 (left) beside its fine-tune %2 (right): ask both the same question.</source>
        <translation>左邊是 %1，右邊是它的微調模型 %2：向它們提出同一個提問吧。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="386"/>
        <source>The open dataset has no system prompt to use.</source>
        <translation>目前開啟的資料集沒有可用的系統提示。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="454"/>
        <source>The models changed, so a new conversation started; the previous one is under Saved.</source>
        <translation>模型已變更，因此開始新的對話；先前的對話可在「已儲存」中找到。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="556"/>
        <source>This conversation could not be opened: %1</source>
        <translation>無法開啟這段對話：%1</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="564"/>
        <source>A provider of this conversation no longer exists; choose another model to continue.</source>
        <translation>這段對話使用的服務商已不存在，請選擇其他模型再繼續。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="590"/>
        <source>The conversation could not be saved: %1</source>
        <translation>無法儲存對話：%1</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="608"/>
        <source>Choose a model for every column first.</source>
        <translation>請先為每一欄選擇模型。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="750"/>
        <source>Editing question %1. Sending replaces it and removes the turn after it.</source>
        <translation>正在編輯第 %1 則提問。送出後會取代原提問，並移除其後的 1 個回合。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="754"/>
        <source>Editing question %1. Sending replaces it and removes the %2 turns after it.</source>
        <translation>正在編輯第 %1 則提問。送出後會取代原提問，並移除其後的 %2 個回合。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="911"/>
        <source>Added %1 new examples to the dataset.</source>
        <translation>已在資料集加入 %1 則新範例。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="923"/>
        <source>The tally could not be saved (%1); it is kept while the app runs.</source>
        <translation>計分無法儲存（%1）；在程式執行期間仍會保留。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="757"/>
        <source>Editing question %1. Sending replaces it.</source>
        <translation>正在編輯第 %1 則提問。送出後會取代原提問。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="142"/>
        <source>The saved tally could not be read; it was kept as %1 and a new one started.</source>
        <translation>無法讀取已儲存的計分；原檔已保留為 %1，並開始新的計分。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="145"/>
        <source>The saved tally could not be opened (%1). This session&apos;s verdicts are counted but not saved, so the file stays as it is; check its permissions and restart.</source>
        <translation>無法開啟已儲存的計分（%1）。本次的判定會計分但不會儲存，原檔維持不變；請檢查檔案權限後重新開啟程式。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="791"/>
        <source>A blind comparison needs at least two different models.</source>
        <translation>盲測比較至少需要兩個不同的模型。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="880"/>
        <source>Have a conversation first; then add it to the dataset.</source>
        <translation>請先進行對話，再加入資料集。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="883"/>
        <source>Open or create a dataset in Examples first.</source>
        <translation>請先在「範例」中開啟或建立資料集。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/panel.py" line="909"/>
        <source>Added to the dataset as a new example.</source>
        <translation>已作為新範例加入資料集。</translation>
    </message>
</context>
<context>
    <name>TallyView</name>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="63"/>
        <source>Blind verdicts so far, kept between sessions. Names appear once a round is revealed.</source>
        <translation>目前為止的盲測判定，下次開啟仍會保留。每一輪揭曉後才會顯示模型名稱。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="67"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="67"/>
        <source>Wins</source>
        <translation>勝</translation>
    </message>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="67"/>
        <source>Ties</source>
        <translation>平手</translation>
    </message>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="67"/>
        <source>Losses</source>
        <translation>敗</translation>
    </message>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="68"/>
        <source>Both bad</source>
        <translation>都不好</translation>
    </message>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="70"/>
        <source>Export…</source>
        <translation>匯出…</translation>
    </message>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="71"/>
        <source>Start a new tally…</source>
        <translation>開始新的計分…</translation>
    </message>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="106"/>
        <source>Start a new tally</source>
        <translation>開始新的計分</translation>
    </message>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="107"/>
        <source>Forget every verdict counted so far? Export them first if you want to keep them.</source>
        <translation>要清除目前為止的所有判定嗎？若想保留，請先匯出。</translation>
    </message>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="120"/>
        <source>Export the tally</source>
        <translation>匯出計分</translation>
    </message>
    <message>
        <location filename="../../ui/playground/tally_view.py" line="121"/>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
</context>
</TS>
