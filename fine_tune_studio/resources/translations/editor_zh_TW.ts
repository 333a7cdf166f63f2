<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>ConversationForm</name>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="192"/>
        <source>+ Question</source>
        <translation>+ 提問</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="193"/>
        <source>+ Answer</source>
        <translation>+ 回答</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="194"/>
        <source>+ System prompt</source>
        <translation>+ 系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="198"/>
        <source>Conversation</source>
        <translation>對話</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="200"/>
        <source>Example as JSON</source>
        <translation>以 JSON 顯示的範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="196"/>
        <location filename="../../ui/editor/conversation_form.py" line="201"/>
        <source>Replace word-processor quotes</source>
        <translation>換掉文書軟體的彎引號</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="195"/>
        <source>Repair the cut-off line</source>
        <translation>修補被截斷的這一行</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="197"/>
        <source>Open the JSON tab</source>
        <translation>開啟 JSON 分頁</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="199"/>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="230"/>
        <source>Example on line %1</source>
        <translation>第 %1 行的範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="298"/>
        <source>This example was cut off: its end is missing, so the form cannot show it yet. “Repair the cut-off line” puts the missing end back and shows you the result first.</source>
        <translation>這則範例被截斷了：結尾不見了，所以表單還無法顯示。按「修補被截斷的這一行」會補回缺少的結尾，並先讓你看過結果。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="304"/>
        <source>A word processor changed the quotes of this example into curly ones, so the form cannot show it yet. “Replace word-processor quotes” straightens them.</source>
        <translation>文書軟體把這則範例的引號換成了彎引號，所以表單還無法顯示。按「換掉文書軟體的彎引號」即可改回直引號。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="309"/>
        <source>This line is not a conversation the form can show yet. Fix it in the JSON tab; the problem is described above.</source>
        <translation>這一行還不是表單能顯示的對話。請在 JSON 分頁中修正；問題說明在上方。</translation>
    </message>
</context>
<context>
    <name>EditorActions</name>
    <message>
        <location filename="../../ui/editor/actions.py" line="152"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="153"/>
        <source>Open…</source>
        <translation>開啟…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="154"/>
        <source>Save</source>
        <translation>儲存</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="155"/>
        <source>Save as…</source>
        <translation>另存新檔…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="156"/>
        <source>Add example</source>
        <translation>新增範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="156"/>
        <source>+ Add example</source>
        <translation>＋ 新增範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="157"/>
        <source>Duplicate</source>
        <translation>複製</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="158"/>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="159"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="160"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="161"/>
        <source>Import a spreadsheet (CSV/Excel)…</source>
        <translation>匯入試算表（CSV/Excel）…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="161"/>
        <source>Import…</source>
        <translation>匯入…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="162"/>
        <source>Paste rows from a spreadsheet</source>
        <translation>貼上試算表的表格列</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="163"/>
        <source>Export to a JSONL file…</source>
        <translation>匯出成 JSONL 檔…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="164"/>
        <source>Privacy check…</source>
        <translation>隱私檢查…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="167"/>
        <source>Fine-tune…</source>
        <translation>微調…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="173"/>
        <source>Train a model on these examples (opens the Training panel)</source>
        <translation>用這些範例訓練模型（開啟「訓練」面板）</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="175"/>
        <source>New from template</source>
        <translation>從範本新增</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="176"/>
        <source>Open recent</source>
        <translation>開啟最近的檔案</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="177"/>
        <source>Import</source>
        <translation>匯入</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="178"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="187"/>
        <source>Undo</source>
        <translation>復原</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="187"/>
        <source>Undo %1</source>
        <translation>復原「%1」</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="188"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../ui/editor/actions.py" line="188"/>
        <source>Redo %1</source>
        <translation>重做「%1」</translation>
    </message>
</context>
<context>
    <name>EditorLanguage</name>
    <message>
        <location filename="../../ui/editor/texts.py" line="17"/>
        <source>en</source>
        <translation>zh_TW</translation>
    </message>
</context>
<context>
    <name>EditorPanel</name>
    <message>
        <location filename="../../ui/editor/panel.py" line="539"/>
        <source>Save</source>
        <translation>儲存</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="1035"/>
        <location filename="../../ui/editor/panel.py" line="1050"/>
        <source>Add example</source>
        <translation>新增範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="1173"/>
        <source>Paste rows</source>
        <translation>貼上表格列</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="233"/>
        <location filename="../../ui/editor/panel.py" line="352"/>
        <source>All examples</source>
        <translation>所有範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="234"/>
        <location filename="../../ui/editor/panel.py" line="353"/>
        <source>Only errors</source>
        <translation>只看錯誤</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="235"/>
        <location filename="../../ui/editor/panel.py" line="354"/>
        <source>Only warnings</source>
        <translation>只看警告</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="236"/>
        <location filename="../../ui/editor/panel.py" line="355"/>
        <source>Errors and warnings</source>
        <translation>錯誤與警告</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="239"/>
        <location filename="../../ui/editor/panel.py" line="359"/>
        <source>Search in all messages…</source>
        <translation>搜尋所有訊息…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="274"/>
        <location filename="../../ui/editor/panel.py" line="360"/>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="275"/>
        <location filename="../../ui/editor/panel.py" line="361"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="285"/>
        <location filename="../../ui/editor/panel.py" line="362"/>
        <source>Checking… %p%</source>
        <translation>檢查中… %p%</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="419"/>
        <location filename="../../ui/editor/panel.py" line="445"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="423"/>
        <source>%1%2 — Dataset editor</source>
        <translation>%1%2 — 資料集編輯器</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="446"/>
        <source>%1 — changes not saved yet</source>
        <translation>%1 — 有尚未儲存的變更</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="450"/>
        <source>Not saved to a file yet.</source>
        <translation>還沒有存成檔案。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="537"/>
        <source>Unsaved changes</source>
        <translation>尚未儲存的變更</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="538"/>
        <source>This dataset has changes that are not saved yet. Save them?</source>
        <translation>這個資料集有尚未儲存的變更。要儲存嗎？</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="540"/>
        <source>Don&apos;t save</source>
        <translation>不儲存</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="541"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="564"/>
        <source>Open a training file</source>
        <translation>開啟訓練檔</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="565"/>
        <source>Training files (*.jsonl *.json *.txt);;All files (*)</source>
        <translation>訓練檔 (*.jsonl *.json *.txt);;所有檔案 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="625"/>
        <source>Cannot open</source>
        <translation>無法開啟</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="626"/>
        <source>The file could not be opened: %1</source>
        <translation>無法開啟檔案：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="750"/>
        <source>The editor closed unexpectedly while you were working on %1. Its last state (saved automatically at %2, %n line(s)) can be restored.</source>
        <translation>
            <numerusform>編輯 %1 時，編輯器意外關閉。可以還原最後的狀態（於 %2 自動保存，共 %n 行）。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="788"/>
        <source>Unsaved work could not be copied for recovery: %1</source>
        <translation>無法為尚未儲存的內容建立復原副本：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="913"/>
        <source>%Ln line(s)</source>
        <translation>
            <numerusform>%Ln 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="916"/>
        <source>%1 of %Ln line(s) shown</source>
        <translation>
            <numerusform>顯示 %1 行，共 %Ln 行</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="957"/>
        <source>Replace word-processor quotes</source>
        <translation>換掉文書軟體的彎引號</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="981"/>
        <source>Repair the cut-off line</source>
        <translation>修補被截斷的這一行</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="1128"/>
        <source>System prompt applied to %n example(s).</source>
        <translation>
            <numerusform>已將系統提示套用到 %n 則範例。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="1228"/>
        <source>Exported %n example(s).</source>
        <translation>
            <numerusform>已匯出 %n 則範例。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="1230"/>
        <source>Exported %n example(s): %1 for training, %2 for validation.</source>
        <translation>
            <numerusform>已匯出 %n 則範例：%1 則用於訓練，%2 則用於驗證。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="595"/>
        <source>Opening %1…</source>
        <translation>正在開啟 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="636"/>
        <source>Save the training file</source>
        <translation>儲存訓練檔</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="636"/>
        <source>Training files (*.jsonl)</source>
        <translation>訓練檔 (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="653"/>
        <source>Not saved</source>
        <translation>未儲存</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="654"/>
        <source>The file could not be saved: %1</source>
        <translation>無法儲存檔案：%1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="670"/>
        <source>Saved %1</source>
        <translation>已儲存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="695"/>
        <source>No recent files</source>
        <translation>沒有最近的檔案</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="745"/>
        <source>Restore unsaved work?</source>
        <translation>要還原尚未儲存的內容嗎？</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="747"/>
        <source>an untitled dataset</source>
        <translation>未命名的資料集</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="758"/>
        <source>Restore</source>
        <translation>還原</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="759"/>
        <source>Discard</source>
        <translation>捨棄</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="784"/>
        <source>Restored unsaved work. Save it to keep it.</source>
        <translation>已還原尚未儲存的內容。請儲存以保留。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="942"/>
        <location filename="../../ui/editor/panel.py" line="961"/>
        <source>Edit example %1</source>
        <translation>編輯範例 %1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="1071"/>
        <source>Duplicate examples</source>
        <translation>複製範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="1079"/>
        <source>Delete examples</source>
        <translation>刪除範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="1093"/>
        <source>Move examples</source>
        <translation>移動範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="1123"/>
        <source>Apply system prompt to all</source>
        <translation>將系統提示套用到全部</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="1164"/>
        <source>Import rows</source>
        <translation>匯入表格列</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="1171"/>
        <source>The clipboard has no rows to paste.</source>
        <translation>剪貼簿裡沒有可以貼上的表格列。</translation>
    </message>
</context>
<context>
    <name>ExampleTableModel</name>
    <message>
        <location filename="../../ui/editor/table_model.py" line="148"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../ui/editor/table_model.py" line="149"/>
        <source>First question</source>
        <translation>第一則提問</translation>
    </message>
    <message>
        <location filename="../../ui/editor/table_model.py" line="150"/>
        <source>Tokens</source>
        <translation>Token 數</translation>
    </message>
    <message>
        <location filename="../../ui/editor/table_model.py" line="151"/>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <location filename="../../ui/editor/table_model.py" line="156"/>
        <source>OK</source>
        <translation>沒有錯誤</translation>
    </message>
    <message>
        <location filename="../../ui/editor/table_model.py" line="157"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../ui/editor/table_model.py" line="158"/>
        <source>Error</source>
        <translation>錯誤</translation>
    </message>
    <message>
        <location filename="../../ui/editor/table_model.py" line="159"/>
        <source>Checking…</source>
        <translation>檢查中…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/table_model.py" line="174"/>
        <source>(blank line)</source>
        <translation>（空白行）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="111"/>
        <source>Export training file</source>
        <translation>匯出訓練檔</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/export_dialog.py" line="112"/>
        <source>%n example(s) will be exported.</source>
        <translation>
            <numerusform>將匯出 %n 則範例。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/export_dialog.py" line="115"/>
        <source>%n example(s) with errors are left out; fix them to include them.</source>
        <translation>
            <numerusform>有 %n 則範例有錯誤，不會匯出；修正後即可納入。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="119"/>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="120"/>
        <source>Training file</source>
        <translation>訓練檔</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="121"/>
        <source>Keep some examples apart for validation</source>
        <translation>保留一部分範例作為驗證集</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="122"/>
        <source>% of the examples</source>
        <translation>% 的範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="123"/>
        <source>Validation share</source>
        <translation>驗證集比例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="124"/>
        <source>The same seed always picks the same validation examples.</source>
        <translation>相同的亂數種子一定會挑出相同的驗證範例。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="125"/>
        <source>Seed</source>
        <translation>亂數種子</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="126"/>
        <source>Export</source>
        <translation>匯出</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="127"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="151"/>
        <source>Keeping examples apart needs at least %1 of them: providers want %2 in each file, and there are %3. Export them all for training, or write more.</source>
        <translation>要保留一部分範例，至少需要 %1 則：服務商要求每個檔案至少 %2 則，目前只有 %3 則。請全部匯出用於訓練，或再多寫一些。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="163"/>
        <source>%1 % of %2 examples keeps %3 apart, and providers refuse a file of fewer than %4 examples. %5 % keeps %6 apart and leaves %7 for training.</source>
        <translation>%2 則範例的 %1% 只會保留 %3 則，而服務商不接受少於 %4 則範例的檔案。改用 %5% 會保留 %6 則，並留下 %7 則用於訓練。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="178"/>
        <source>Keep %1 % apart</source>
        <translation>保留 %1%</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="211"/>
        <source>Export to</source>
        <translation>匯出到</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="211"/>
        <source>Training files (*.jsonl)</source>
        <translation>訓練檔 (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="231"/>
        <source>Choose where to save the file first.</source>
        <translation>請先選擇要儲存檔案的位置。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="251"/>
        <source>Export failed: %1</source>
        <translation>匯出失敗：%1</translation>
    </message>
</context>
<context>
    <name>FormWords</name>
    <message>
        <location filename="../../ui/editor/form_words.py" line="42"/>
        <source>System prompt</source>
        <translation>系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="43"/>
        <source>Developer instructions</source>
        <translation>開發者指示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="44"/>
        <source>Question (user)</source>
        <translation>提問（user）</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="45"/>
        <source>Answer (assistant)</source>
        <translation>回答（assistant）</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="46"/>
        <source>Tool result</source>
        <translation>工具結果</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="47"/>
        <source>Function result (old format)</source>
        <translation>函式結果（舊格式）</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="49"/>
        <source>Unknown role: %1</source>
        <translation>無法辨識的角色：%1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="91"/>
        <source>Press “Repair the cut-off line”: the missing end is put back and shown to you before it is used. Then check that the last answer is complete.</source>
        <translation>按「修補被截斷的這一行」：缺少的結尾會補回，並在套用前先讓你看過。接著確認最後的回答是否完整。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="96"/>
        <source>The end of this line is lost: copy it again from your original.</source>
        <translation>這一行的結尾不見了：請從原始資料再複製一次。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="101"/>
        <source>Press “Replace word-processor quotes”.</source>
        <translation>按「換掉文書軟體的彎引號」。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="104"/>
        <source>Press “+ Answer” and write the reply you want the model to give.</source>
        <translation>按「+ 回答」，寫下你希望模型給的回覆。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="108"/>
        <source>Press “+ Answer” and write the reply, or remove the last message with its ✕ button.</source>
        <translation>按「+ 回答」寫下回覆，或用最後一則訊息的 ✕ 按鈕移除它。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="114"/>
        <source>Tick “Train on this reply” on the answer the model should learn.</source>
        <translation>在模型該學的回答上勾選「用這則回覆訓練」。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="118"/>
        <source>Write the text in this box, or remove the message with its ✕ button.</source>
        <translation>在這個方塊裡寫入文字，或用這則訊息的 ✕ 按鈕移除它。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="124"/>
        <source>Write the text in this message&apos;s box.</source>
        <translation>在這則訊息的方塊裡寫入文字。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="127"/>
        <source>Choose who speaks in this message&apos;s role box.</source>
        <translation>在這則訊息的角色選單中選擇是誰在說話。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="132"/>
        <source>Choose “%1” in this message&apos;s role box.</source>
        <translation>在這則訊息的角色選單中選擇「%1」。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="135"/>
        <source>Choose who speaks in this message&apos;s role box: “%1” for a question, “%2” for an answer.</source>
        <translation>在這則訊息的角色選單中選擇是誰在說話：提問選「%1」，回答選「%2」。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="141"/>
        <source>Choose “%1” in the role box and enter the id of the call it answers.</source>
        <translation>在角色選單中選擇「%1」，並填入它所回應的呼叫 id。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="145"/>
        <source>Write a worse answer in the “Non-preferred answer” box.</source>
        <translation>在「不偏好的回答」方塊裡寫一個較差的回答。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="152"/>
        <source>This example stops in the middle: its end was lost, as when a copy-paste stops too early.</source>
        <translation>這則範例在中途就結束了：結尾不見了，就像複製貼上時太早停下來那樣。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/form_words.py" line="168"/>
        <source>%1 Fix: %2</source>
        <translation>%1修正方式：%2</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="143"/>
        <source>Import examples from a spreadsheet</source>
        <translation>從試算表匯入範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="148"/>
        <source>Choose file…</source>
        <translation>選擇檔案…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="149"/>
        <source>Worksheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="150"/>
        <source>The first row holds column names</source>
        <translation>第一列是欄位名稱</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="151"/>
        <source>Optional: a system prompt for every row</source>
        <translation>選填：每一列共用的系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="155"/>
        <source>Question column</source>
        <translation>提問欄</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="156"/>
        <source>Answer column</source>
        <translation>回答欄</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="157"/>
        <source>System prompt column</source>
        <translation>系統提示欄</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="158"/>
        <source>System prompt for all</source>
        <translation>共用的系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="163"/>
        <source>Preview</source>
        <translation>預覽</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="164"/>
        <source>Import</source>
        <translation>匯入</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="165"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/import_dialog.py" line="336"/>
        <source>%n empty row(s) left out.</source>
        <translation>
            <numerusform>略過 %n 個空白列。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="145"/>
        <source>Rows pasted from the clipboard</source>
        <translation>從剪貼簿貼上的表格列</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="147"/>
        <source>No file chosen yet.</source>
        <translation>尚未選擇檔案。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="175"/>
        <source>Choose a spreadsheet</source>
        <translation>選擇試算表</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="177"/>
        <source>Spreadsheets (*.csv *.tsv *.xlsx);;All files (*)</source>
        <translation>試算表 (*.csv *.tsv *.xlsx);;所有檔案 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="220"/>
        <source>Reading %1…</source>
        <translation>正在讀取 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="231"/>
        <source>This file cannot be read: %1</source>
        <translation>無法讀取這個檔案：%1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="167"/>
        <location filename="../../ui/editor/import_dialog.py" line="255"/>
        <source>(none)</source>
        <translation>（無）</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="289"/>
        <source>Choose different columns for questions and answers.</source>
        <translation>提問與回答請選擇不同的欄位。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="299"/>
        <source>Row</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="299"/>
        <source>System prompt</source>
        <translation>系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="299"/>
        <source>Question</source>
        <translation>提問</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="299"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="320"/>
        <source>Row %1</source>
        <translation>第 %1 列</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/import_dialog.py" line="325"/>
        <source>%n row(s) become examples.</source>
        <translation>
            <numerusform>%n 列將成為範例。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/import_dialog.py" line="329"/>
        <source>%n row(s) have problems and will not be added (rows %1); fix them in the spreadsheet or add them by hand.</source>
        <translation>
            <numerusform>有 %n 列有問題，不會加入（第 %1 列）；請在試算表中修正，或手動新增。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeakWarnings</name>
    <message>
        <location filename="../../ui/editor/leaks.py" line="153"/>
        <source>This question is also in the test set: %3, line %4 (here: %1, line %2). A model tested on a question it trained on shows its memory, not its skill: remove or reword one of them.</source>
        <translation>這個提問也在測試集裡：%3 第 %4 行（這裡：%1 第 %2 行）。用訓練過的提問測試模型，測到的是記憶，不是能力。請刪除或改寫其中一個。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/leaks.py" line="157"/>
        <source>This test question is also in the training file: %3, line %4 (here: %1, line %2). A model tested on a question it trained on shows its memory, not its skill: remove or reword one of them.</source>
        <translation>這個測試提問也在訓練檔裡：%3 第 %4 行（這裡：%1 第 %2 行）。用訓練過的提問測試模型，測到的是記憶，不是能力。請刪除或改寫其中一個。</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="117"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="128"/>
        <source>Train on this reply</source>
        <translation>用這則回覆訓練</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="130"/>
        <source>When off, the model sees this reply but does not learn from it (weight 0).</source>
        <translation>關閉時，模型會看到這則回覆，但不會從中學習（weight 0）。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="137"/>
        <source>Apply to all examples</source>
        <translation>套用到所有範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="139"/>
        <source>Use this system prompt in every example of the file.</source>
        <translation>在檔案的每一則範例中使用這個系統提示。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="145"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="148"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="151"/>
        <source>Remove this message</source>
        <translation>移除這則訊息</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="158"/>
        <source>Message text</source>
        <translation>訊息內容</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="164"/>
        <source>(This message has several parts: edit it in the JSON view.)</source>
        <translation>（這則訊息由多個部分組成：請在 JSON 檢視中編輯。）</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="171"/>
        <source>Answers tool call (id)</source>
        <translation>回應的工具呼叫（id）</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="176"/>
        <source>Tool calls (JSON list)</source>
        <translation>工具呼叫（JSON 清單）</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="178"/>
        <source>Tool calls</source>
        <translation>工具呼叫</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="188"/>
        <source>Add a tool call</source>
        <translation>新增工具呼叫</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="215"/>
        <source>The tool calls are not valid JSON.</source>
        <translation>工具呼叫不是有效的 JSON。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="216"/>
        <source>Tool calls must be a list: [ {...}, ... ].</source>
        <translation>工具呼叫必須是清單：[ {...}, ... ]。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="217"/>
        <source>Each tool call needs a &quot;function&quot; with a name and arguments.</source>
        <translation>每個工具呼叫都需要有名稱與參數的 &quot;function&quot;。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="218"/>
        <source>A tool call has no function name.</source>
        <translation>有一個工具呼叫沒有函式名稱。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="219"/>
        <source>&quot;arguments&quot; must be a JSON text inside quotes.</source>
        <translation>&quot;arguments&quot; 必須是放在引號內的 JSON 文字。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="220"/>
        <source>&quot;arguments&quot; is not valid JSON.</source>
        <translation>&quot;arguments&quot; 不是有效的 JSON。</translation>
    </message>
</context>
<context>
    <name>PreferencePair</name>
    <message>
        <location filename="../../ui/editor/preference_pair.py" line="89"/>
        <location filename="../../ui/editor/preference_pair.py" line="91"/>
        <source>Preferred answer</source>
        <translation>偏好的回答</translation>
    </message>
    <message>
        <location filename="../../ui/editor/preference_pair.py" line="90"/>
        <location filename="../../ui/editor/preference_pair.py" line="92"/>
        <source>Non-preferred answer</source>
        <translation>不偏好的回答</translation>
    </message>
</context>
<context>
    <name>PrivacyDialog</name>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="191"/>
        <source>Privacy check</source>
        <translation>隱私檢查</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="192"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="192"/>
        <source>Field</source>
        <translation>欄位</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="192"/>
        <source>What</source>
        <translation>類型</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="192"/>
        <source>Found</source>
        <translation>內容</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="209"/>
        <source>The check for personal data could not finish (%1), so nothing is known about these examples.</source>
        <translation>個人資料檢查無法完成（%1），因此無法得知這些範例的情況。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/privacy_dialog.py" line="225"/>
        <source>%n possible personal detail(s) or secret(s) found in the examples: national ID numbers, phone numbers, e-mail addresses, card numbers or keys. A fine-tuned model can repeat them to anyone who asks.</source>
        <translation>
            <numerusform>在範例中找到 %n 項可能的個人資料或機密：身分證字號、電話號碼、電子郵件地址、信用卡號或金鑰。微調後的模型可能會把它們說給任何發問的人聽。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="230"/>
        <source>Uploading sends them to %1.</source>
        <translation>上傳會把它們傳送給 %1。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/privacy_dialog.py" line="234"/>
        <source>Double-click one to fix it in the editor, leave out the %n example(s) that hold them, or go on knowingly.</source>
        <translation>
            <numerusform>按兩下任一項即可在編輯器中修正；也可以略過含有這些資料的 %n 則範例，或在知情的情況下繼續。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="238"/>
        <source>Double-click one to fix it in the editor, or go on knowingly.</source>
        <translation>按兩下任一項即可在編輯器中修正，或在知情的情況下繼續。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="242"/>
        <source>Upload anyway</source>
        <translation>仍要上傳</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="247"/>
        <source>%1 %2</source>
        <comment>one sentence after another</comment>
        <translation>%1%2</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="212"/>
        <location filename="../../ui/editor/privacy_dialog.py" line="242"/>
        <source>Continue anyway</source>
        <translation>仍要繼續</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="198"/>
        <source>Go back and fix</source>
        <translation>返回修正</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="194"/>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="199"/>
        <source>Leave these examples out</source>
        <translation>略過這些範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="204"/>
        <source>Looking for personal data and secrets…</source>
        <translation>正在尋找個人資料與機密…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="217"/>
        <source>No e-mail addresses, phone numbers, ID numbers, card numbers or API keys were found.</source>
        <translation>沒有找到電子郵件地址、電話號碼、身分證字號、信用卡號或 API 金鑰。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="205"/>
        <location filename="../../ui/editor/privacy_dialog.py" line="221"/>
        <source>Continue</source>
        <translation>繼續</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../../ui/editor/problems.py" line="58"/>
        <source>This example is the same as another one in the file.</source>
        <translation>這則範例與檔案中的另一則完全相同。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="107"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="107"/>
        <source>Field</source>
        <translation>欄位</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="107"/>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="116"/>
        <source>file</source>
        <translation>檔案</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <location filename="../../ui/editor/problems.py" line="169"/>
        <source>No problems found.</source>
        <translation>沒有發現問題。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="172"/>
        <source>Problems: %1, %2</source>
        <translation>問題：%1、%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/problems.py" line="173"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 個錯誤</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/problems.py" line="174"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 個警告</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="186"/>
        <source>The file</source>
        <translation>整個檔案</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="186"/>
        <source>Line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="189"/>
        <source>%1, field %2</source>
        <translation>%1，欄位 %2</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="190"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>RepairDialog</name>
    <message>
        <location filename="../../ui/editor/repair_dialog.py" line="70"/>
        <source>Repair the cut-off line</source>
        <translation>修補被截斷的這一行</translation>
    </message>
    <message>
        <location filename="../../ui/editor/repair_dialog.py" line="73"/>
        <source>The end of this example was lost, as happens when a copy-paste stops too early. Closing it gives this conversation. Nothing lost can be guessed: check that the last answer is complete, and finish it after the repair if it is not.</source>
        <translation>這則範例的結尾不見了，就像複製貼上時太早停下來那樣。補上結尾後會變成下面這段對話。遺失的文字無法猜回來：請確認最後的回答是否完整，不完整的話請在修補後補寫。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/repair_dialog.py" line="90"/>
        <source>Added at the end of the line: %1</source>
        <translation>加在這一行結尾的字元：%1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/repair_dialog.py" line="92"/>
        <source>Repair</source>
        <translation>修補</translation>
    </message>
    <message>
        <location filename="../../ui/editor/repair_dialog.py" line="93"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SummaryWidget</name>
    <message>
        <location filename="../../ui/editor/summary.py" line="128"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="129"/>
        <source>Examples</source>
        <translation>範例數</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="130"/>
        <source>Valid examples</source>
        <translation>有效範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="131"/>
        <source>Tokens per example (p50 / p90 / max)</source>
        <translation>每則範例的 token 數（p50 / p90 / 最大）</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="132"/>
        <source>Estimated epochs</source>
        <translation>預估訓練輪數</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="133"/>
        <source>Billed tokens</source>
        <translation>計費 token 數</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="134"/>
        <source>Estimated cost</source>
        <translation>預估費用</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="164"/>
        <source>(checking %1 more…)</source>
        <translation>（還有 %1 行檢查中…）</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="192"/>
        <source>free: it trains on this computer</source>
        <translation>免費：在這台電腦上訓練</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="194"/>
        <source>free: it trains on your own engine</source>
        <translation>免費：在您自己的引擎上訓練</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="197"/>
        <source>Together AI prices each model: the Fine-tune… wizard asks Together AI for an estimate</source>
        <translation>Together AI 依模型計價：「微調…」精靈會向 Together AI 詢問預估費用</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="201"/>
        <source>this provider&apos;s prices are not known to the app</source>
        <translation>程式不知道這個服務商的價格</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="203"/>
        <source>no price known for %1</source>
        <translation>沒有 %1 的價格資料</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="206"/>
        <source>about US$%1 with %2 (estimate, prices of %3)</source>
        <translation>約 US$%1，以 %2 計算（估計值，%3 的價格）</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="211"/>
        <source>depends on the provider you choose</source>
        <translation>視您選擇的服務商而定</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="173"/>
        <source>Fine-tuning needs at least 10 valid examples; 50–100 well-made ones are a good start.</source>
        <translation>微調至少需要 10 則有效範例；從 50–100 則精心撰寫的範例開始最好。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="179"/>
        <source>Enough to start. 50–100 well-made examples usually train clearly better.</source>
        <translation>已足夠開始。通常 50–100 則精心撰寫的範例效果會明顯更好。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="183"/>
        <source>A good size. Quality matters more than quantity from here.</source>
        <translation>數量足夠了。接下來品質比數量更重要。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../ui/editor/welcome.py" line="93"/>
        <source>Start with example conversations</source>
        <translation>從範例對話開始</translation>
    </message>
    <message>
        <location filename="../../ui/editor/welcome.py" line="96"/>
        <source>Write conversations the way a good answer should sound: a question, and the answer you want the model to give. The model learns from them. 10 examples are the least a provider takes; 50 to 100 good ones usually make a clear difference.</source>
        <translation>照著好回答應有的樣子寫對話：一則提問，加上你希望模型給的回答。模型會從中學習。服務商至少要 10 則範例；通常 50 到 100 則好範例就會有明顯的差別。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/welcome.py" line="104"/>
        <source>Start from an example set: %1</source>
        <translation>從範例集開始：%1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/welcome.py" line="107"/>
        <source>Open a training file (.jsonl)…</source>
        <translation>開啟訓練檔（.jsonl）…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/welcome.py" line="108"/>
        <source>Import questions and answers from a spreadsheet…</source>
        <translation>從試算表匯入提問與回答…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/welcome.py" line="109"/>
        <source>Write the first example myself</source>
        <translation>自己寫第一則範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/welcome.py" line="111"/>
        <source>Getting started</source>
        <translation>入門</translation>
    </message>
    <message>
        <location filename="../../ui/editor/welcome.py" line="112"/>
        <source>Is fine-tuning the right method?</source>
        <translation>微調是合適的方法嗎？</translation>
    </message>
    <message>
        <location filename="../../ui/editor/welcome.py" line="113"/>
        <source>How many examples do I need?</source>
        <translation>需要多少則範例？</translation>
    </message>
</context>
</TS>
