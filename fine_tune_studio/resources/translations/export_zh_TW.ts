<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/export/dialog.py" line="225"/>
        <source>Export into which folder?</source>
        <translation>要匯出到哪個資料夾？</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="240"/>
        <source>Choose a model and a folder first.</source>
        <translation>請先選擇模型和資料夾。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="249"/>
        <source>Replace the folder?</source>
        <translation>要取代這個資料夾嗎？</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="250"/>
        <source>“%1” already exists and is not empty. Replace it?</source>
        <translation>「%1」已經存在，而且裡面有檔案。要取代它嗎？</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="252"/>
        <source>Its contents are replaced only once the export has succeeded; until then nothing in it changes.</source>
        <translation>匯出成功後才會取代其中的內容；在那之前，裡面的檔案都不會變動。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="254"/>
        <source>Replace</source>
        <translation>取代資料夾</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="283"/>
        <source>Export cancelled. Nothing was written.</source>
        <translation>已取消匯出，沒有寫入任何檔案。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="292"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="330"/>
        <source>%1

Details: %2</source>
        <translation>%1

詳細資訊：%2</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="354"/>
        <source>Merging the fine-tuning into the base weights (%1 of %2)…</source>
        <translation>正在把微調結果合併進基礎模型的權重（第 %1 個，共 %2 個）…</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="356"/>
        <source>Writing the GGUF file (%1 of %2 tensors)…</source>
        <translation>正在寫入 GGUF 檔（第 %1 個張量，共 %2 個）…</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="359"/>
        <source>Checking the model and the folder…</source>
        <translation>正在檢查模型和資料夾…</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="360"/>
        <source>Copying the adapter…</source>
        <translation>正在複製轉接器…</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="361"/>
        <source>Merging the fine-tuning into the base weights…</source>
        <translation>正在把微調結果合併進基礎模型的權重…</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="362"/>
        <source>Writing the GGUF file…</source>
        <translation>正在寫入 GGUF 檔…</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="363"/>
        <source>Writing the model card…</source>
        <translation>正在寫入模型說明卡…</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="364"/>
        <source>Putting the folder in place…</source>
        <translation>正在把資料夾放到指定位置…</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="374"/>
        <source>This computer no longer has this model.</source>
        <translation>這台電腦上已經沒有這個模型了。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="376"/>
        <source>The folder already exists. Choose another one, or export again and let it be replaced.</source>
        <translation>資料夾已經存在。請選擇其他資料夾，或重新匯出並同意取代它。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="379"/>
        <source>GGUF export does not support this kind of model yet. The merged model and the LoRA adapter work for every model.</source>
        <translation>GGUF 匯出還不支援這種模型。合併後的模型和 LoRA 轉接器適用於所有模型。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="382"/>
        <source>This adapter cannot be merged yet. Export it as a LoRA adapter.</source>
        <translation>這個轉接器目前還無法合併，請以 LoRA 轉接器的形式匯出。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="384"/>
        <source>GGUF export does not support this model&apos;s tokenizer yet. The merged model and the LoRA adapter work for every model.</source>
        <translation>GGUF 匯出還不支援這個模型的分詞器。合併後的模型和 LoRA 轉接器適用於所有模型。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="387"/>
        <source>There is not enough free space on that disk. Free some space or choose a folder on another disk.</source>
        <translation>那個磁碟的剩餘空間不夠。請清出一些空間，或選擇其他磁碟上的資料夾。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="390"/>
        <source>The disk filled up during the export. Nothing was left behind; free some space and try again.</source>
        <translation>匯出途中磁碟已滿。沒有留下任何不完整的檔案；請清出一些空間後再試一次。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="393"/>
        <source>A file of the model could not be read.</source>
        <translation>無法讀取模型的某個檔案。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="394"/>
        <source>The export failed.</source>
        <translation>匯出失敗。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="399"/>
        <source>Export a fine-tuned model</source>
        <translation>匯出微調後的模型</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="401"/>
        <source>Take your fine-tuned model out of Fine Tune Studio, to use it in other programs or share it. Every export comes with a README that says how it was made.</source>
        <translation>把微調後的模型從 Fine Tune Studio 帶出來，在其他程式中使用或分享給別人。每次匯出都附有一份 README，說明模型是怎麼做出來的。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="403"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="404"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="405"/>
        <source>Folder</source>
        <translation>資料夾</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="407"/>
        <source>LoRA adapter</source>
        <translation>LoRA 轉接器</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="408"/>
        <source>Merged model</source>
        <translation>合併後的模型</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="409"/>
        <source>GGUF</source>
        <translation>GGUF</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="410"/>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="414"/>
        <source>Small (megabytes). For people who keep the base model: load it over the base model with PEFT.</source>
        <translation>檔案很小（幾 MB）。適合保留基礎模型的人：用 PEFT 把它載入到基礎模型上。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="417"/>
        <source>A complete Hugging Face folder (safetensors) with the fine-tuning merged in, made on this computer. For transformers, vLLM, or uploading to a model hub.</source>
        <translation>完整的 Hugging Face 資料夾（safetensors），微調結果已在這台電腦上合併進去。適用於 transformers、vLLM，或上傳到模型平台。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="420"/>
        <source>One file for llama.cpp, LM Studio, Jan and Ollama.</source>
        <translation>單一檔案，適用於 llama.cpp、LM Studio、Jan 和 Ollama。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="422"/>
        <source>A folder with the GGUF and a Modelfile (chat template and your examples&apos; system prompt), plus the command that adds it to Ollama.</source>
        <translation>一個資料夾，內含 GGUF 檔和 Modelfile（對話範本與範例中的系統提示），並附上把它加入 Ollama 的指令。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="428"/>
        <source>GGUF weights:</source>
        <translation>GGUF 權重：</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="429"/>
        <source>Q8_0 — half the size, nearly the same answers (recommended)</source>
        <translation>Q8_0——大小減半，回答幾乎相同（建議）</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="431"/>
        <source>F16 — exact, twice the size</source>
        <translation>F16——完全一致，檔案大一倍</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="433"/>
        <source>GGUF works for: %1. Other models: not yet — export the merged model.</source>
        <translation>GGUF 適用於：%1。其他模型暫不支援，請匯出合併後的模型。</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="435"/>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="436"/>
        <source>Export</source>
        <translation>匯出</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="437"/>
        <source>Cancel export</source>
        <translation>取消匯出</translation>
    </message>
    <message>
        <location filename="../../ui/export/dialog.py" line="438"/>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
</context>
<context>
    <name>ResultView</name>
    <message>
        <location filename="../../ui/export/result_view.py" line="100"/>
        <source>Exported to %1</source>
        <translation>已匯出到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/export/result_view.py" line="102"/>
        <source>Ollama runs this command itself when you press Run it now.</source>
        <translation>按下「立即執行」，Ollama 就會自己執行這個指令。</translation>
    </message>
    <message>
        <location filename="../../ui/export/result_view.py" line="104"/>
        <source>Ollama is not installed on this computer: run the command where it is (copy the folder there first).</source>
        <translation>這台電腦沒有安裝 Ollama：請在有安裝的電腦上執行這個指令（先把資料夾複製過去）。</translation>
    </message>
    <message>
        <location filename="../../ui/export/result_view.py" line="134"/>
        <source>Ollama finished: try it with “ollama run %1”.</source>
        <translation>Ollama 已完成：用「ollama run %1」試試看。</translation>
    </message>
    <message>
        <location filename="../../ui/export/result_view.py" line="136"/>
        <source>Ollama stopped with exit code %1.</source>
        <translation>Ollama 已停止，結束代碼為 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/export/result_view.py" line="141"/>
        <source>Open folder</source>
        <translation>開啟資料夾</translation>
    </message>
    <message>
        <location filename="../../ui/export/result_view.py" line="142"/>
        <source>Add it to Ollama with this command:</source>
        <translation>用這個指令把它加入 Ollama：</translation>
    </message>
    <message>
        <location filename="../../ui/export/result_view.py" line="143"/>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
    <message>
        <location filename="../../ui/export/result_view.py" line="144"/>
        <source>Run it now</source>
        <translation>立即執行</translation>
    </message>
</context>
</TS>
