<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>ConversationForm</name>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="113"/>
        <location filename="../../ui/editor/conversation_form.py" line="160"/>
        <source>+ Question</source>
        <translation>+ 問題</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="114"/>
        <location filename="../../ui/editor/conversation_form.py" line="161"/>
        <source>+ Answer</source>
        <translation>+ 回答</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="115"/>
        <location filename="../../ui/editor/conversation_form.py" line="162"/>
        <source>+ System prompt</source>
        <translation>+ 系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="128"/>
        <location filename="../../ui/editor/conversation_form.py" line="165"/>
        <source>This line is not a conversation the form can show yet. Fix it in the “JSON” tab; the problem is described above.</source>
        <translation>這一行還不是表單能顯示的對話。請在「JSON」分頁中修正;問題說明在上方。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="134"/>
        <location filename="../../ui/editor/conversation_form.py" line="169"/>
        <source>Conversation</source>
        <translation>對話</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="140"/>
        <source>Example as JSON</source>
        <translation>以 JSON 顯示的範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="144"/>
        <location filename="../../ui/editor/conversation_form.py" line="171"/>
        <source>Replace word-processor quotes</source>
        <translation>換掉文書軟體的彎引號</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="148"/>
        <location filename="../../ui/editor/conversation_form.py" line="170"/>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../../ui/editor/conversation_form.py" line="198"/>
        <source>Example on line %1</source>
        <translation>第 %1 行的範例</translation>
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
        <location filename="../../ui/editor/panel.py" line="153"/>
        <location filename="../../ui/editor/panel.py" line="318"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="155"/>
        <location filename="../../ui/editor/panel.py" line="334"/>
        <source>From template</source>
        <translation>從範本建立</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="162"/>
        <location filename="../../ui/editor/panel.py" line="319"/>
        <source>Open…</source>
        <translation>開啟…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="164"/>
        <location filename="../../ui/editor/panel.py" line="335"/>
        <source>Recent</source>
        <translation>最近的檔案</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="167"/>
        <location filename="../../ui/editor/panel.py" line="320"/>
        <location filename="../../ui/editor/panel.py" line="471"/>
        <source>Save</source>
        <translation>儲存</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="170"/>
        <location filename="../../ui/editor/panel.py" line="321"/>
        <source>Save as…</source>
        <translation>另存新檔…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="174"/>
        <source>Undo</source>
        <translation>復原</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="176"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="181"/>
        <location filename="../../ui/editor/panel.py" line="322"/>
        <location filename="../../ui/editor/panel.py" line="910"/>
        <location filename="../../ui/editor/panel.py" line="923"/>
        <source>Add example</source>
        <translation>新增範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="182"/>
        <location filename="../../ui/editor/panel.py" line="323"/>
        <source>Duplicate</source>
        <translation>複製</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="183"/>
        <location filename="../../ui/editor/panel.py" line="324"/>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="184"/>
        <location filename="../../ui/editor/panel.py" line="325"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="185"/>
        <location filename="../../ui/editor/panel.py" line="326"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="187"/>
        <location filename="../../ui/editor/panel.py" line="327"/>
        <source>Import CSV/Excel…</source>
        <translation>匯入 CSV/Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="189"/>
        <location filename="../../ui/editor/panel.py" line="328"/>
        <location filename="../../ui/editor/panel.py" line="1040"/>
        <source>Paste rows</source>
        <translation>貼上表格列</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="190"/>
        <location filename="../../ui/editor/panel.py" line="329"/>
        <source>Export…</source>
        <translation>匯出…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="191"/>
        <location filename="../../ui/editor/panel.py" line="330"/>
        <source>Privacy check</source>
        <translation>隱私檢查</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="193"/>
        <location filename="../../ui/editor/panel.py" line="331"/>
        <source>Fine-tune…</source>
        <translation>微調…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="233"/>
        <location filename="../../ui/editor/panel.py" line="345"/>
        <source>All examples</source>
        <translation>所有範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="234"/>
        <location filename="../../ui/editor/panel.py" line="346"/>
        <source>Only errors</source>
        <translation>只看錯誤</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="235"/>
        <location filename="../../ui/editor/panel.py" line="347"/>
        <source>Only warnings</source>
        <translation>只看警告</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="236"/>
        <location filename="../../ui/editor/panel.py" line="348"/>
        <source>Errors and warnings</source>
        <translation>錯誤與警告</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="239"/>
        <location filename="../../ui/editor/panel.py" line="352"/>
        <source>Search in all messages…</source>
        <translation>搜尋所有訊息…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="270"/>
        <location filename="../../ui/editor/panel.py" line="353"/>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="271"/>
        <location filename="../../ui/editor/panel.py" line="354"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="281"/>
        <location filename="../../ui/editor/panel.py" line="355"/>
        <source>Checking… %p%</source>
        <translation>檢查中… %p%</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="401"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="404"/>
        <source>%1%2 — Dataset editor</source>
        <translation>%1%2 — 資料集編輯器</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="469"/>
        <source>Unsaved changes</source>
        <translation>尚未儲存的變更</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="470"/>
        <source>This dataset has changes that are not saved yet. Save them?</source>
        <translation>這個資料集有尚未儲存的變更。要儲存嗎?</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="472"/>
        <source>Don&apos;t save</source>
        <translation>不儲存</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="473"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="496"/>
        <source>Open a training file</source>
        <translation>開啟訓練檔</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="497"/>
        <source>Training files (*.jsonl *.json *.txt);;All files (*)</source>
        <translation>訓練檔 (*.jsonl *.json *.txt);;所有檔案 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="536"/>
        <source>Cannot open</source>
        <translation>無法開啟</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="537"/>
        <source>The file could not be opened: %1</source>
        <translation>無法開啟檔案:%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="665"/>
        <source>The editor closed unexpectedly while you were working on %1. Its last state (saved automatically at %2, %n line(s)) can be restored.</source>
        <translation>
            <numerusform>編輯 %1 時，編輯器意外關閉。可以還原最後的狀態（於 %2 自動保存，共 %n 行）。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="703"/>
        <source>Unsaved work could not be copied for recovery: %1</source>
        <translation>無法為尚未儲存的內容建立復原副本：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="826"/>
        <source>%Ln line(s)</source>
        <translation>
            <numerusform>%Ln 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="829"/>
        <source>%1 of %Ln line(s) shown</source>
        <translation>
            <numerusform>顯示 %1 行，共 %Ln 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="995"/>
        <source>System prompt applied to %n example(s).</source>
        <translation>
            <numerusform>已將系統提示套用到 %n 則範例。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="508"/>
        <source>Opening %1…</source>
        <translation>正在開啟 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="547"/>
        <source>Save the training file</source>
        <translation>儲存訓練檔</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="547"/>
        <source>Training files (*.jsonl)</source>
        <translation>訓練檔 (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="564"/>
        <source>Not saved</source>
        <translation>未儲存</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="565"/>
        <source>The file could not be saved: %1</source>
        <translation>無法儲存檔案:%1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="581"/>
        <source>Saved %1</source>
        <translation>已儲存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="606"/>
        <source>No recent files</source>
        <translation>沒有最近的檔案</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="660"/>
        <source>Restore unsaved work?</source>
        <translation>要還原尚未儲存的內容嗎?</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="662"/>
        <source>an untitled dataset</source>
        <translation>未命名的資料集</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="673"/>
        <source>Restore</source>
        <translation>還原</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="674"/>
        <source>Discard</source>
        <translation>捨棄</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="699"/>
        <source>Restored unsaved work. Save it to keep it.</source>
        <translation>已還原尚未儲存的內容。請儲存以保留。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="855"/>
        <source>Edit example %1</source>
        <translation>編輯範例 %1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="942"/>
        <source>Duplicate examples</source>
        <translation>複製範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="949"/>
        <source>Delete examples</source>
        <translation>刪除範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="963"/>
        <source>Move examples</source>
        <translation>移動範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="992"/>
        <source>Apply system prompt to all</source>
        <translation>將系統提示套用到全部</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="1031"/>
        <source>Import rows</source>
        <translation>匯入表格列</translation>
    </message>
    <message>
        <location filename="../../ui/editor/panel.py" line="1038"/>
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
        <translation>第一個問題</translation>
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
        <translation>正確</translation>
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
        <translation>(空白行)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="40"/>
        <source>Export training file</source>
        <translation>匯出訓練檔</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/export_dialog.py" line="48"/>
        <source>%n example(s) will be exported.</source>
        <translation>
            <numerusform>將匯出 %n 則範例。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/export_dialog.py" line="51"/>
        <source>%n example(s) with errors are left out; fix them to include them.</source>
        <translation>
            <numerusform>有 %n 則範例有錯誤，不會匯出；修正後即可納入。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="58"/>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="62"/>
        <source>Training file</source>
        <translation>訓練檔</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="63"/>
        <source>Keep some examples apart for validation</source>
        <translation>保留一部分範例作為驗證集</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="69"/>
        <source>% of the examples</source>
        <translation>% 的範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="70"/>
        <source>Validation share</source>
        <translation>驗證集比例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="74"/>
        <source>The same seed always picks the same validation examples.</source>
        <translation>相同的種子碼一定會挑出相同的驗證範例。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="75"/>
        <source>Seed</source>
        <translation>種子碼</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="86"/>
        <source>Export</source>
        <translation>匯出</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="87"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="99"/>
        <source>Export to</source>
        <translation>匯出到</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="99"/>
        <source>Training files (*.jsonl)</source>
        <translation>訓練檔 (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="117"/>
        <source>Choose where to save the file first.</source>
        <translation>請先選擇要儲存檔案的位置。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/export_dialog.py" line="137"/>
        <source>Export failed: %1</source>
        <translation>匯出失敗:%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/export_dialog.py" line="144"/>
        <source>Exported %n example(s): %1 for training, %2 for validation.</source>
        <translation>
            <numerusform>已匯出 %n 則範例：%1 則用於訓練，%2 則用於驗證。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/export_dialog.py" line="149"/>
        <source>Exported %n example(s).</source>
        <translation>
            <numerusform>已匯出 %n 則範例。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="59"/>
        <source>Import examples from a spreadsheet</source>
        <translation>從試算表匯入範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="71"/>
        <source>Choose file…</source>
        <translation>選擇檔案…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="76"/>
        <source>The first row holds column names</source>
        <translation>第一列是欄位名稱</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="86"/>
        <source>Optional: a system prompt for every row</source>
        <translation>選填:每一列共用的系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="87"/>
        <source>Question column</source>
        <translation>問題欄</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="88"/>
        <source>Answer column</source>
        <translation>回答欄</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="89"/>
        <source>System prompt column</source>
        <translation>系統提示欄</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="90"/>
        <source>System prompt for all</source>
        <translation>共用的系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="96"/>
        <source>Preview</source>
        <translation>預覽</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="110"/>
        <source>Import</source>
        <translation>匯入</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="112"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="120"/>
        <source>Rows pasted from the clipboard</source>
        <translation>從剪貼簿貼上的表格列</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="129"/>
        <source>No file chosen yet.</source>
        <translation>尚未選擇檔案。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="136"/>
        <source>Choose a spreadsheet</source>
        <translation>選擇試算表</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="138"/>
        <source>Spreadsheets (*.csv *.tsv *.xlsx);;All files (*)</source>
        <translation>試算表 (*.csv *.tsv *.xlsx);;所有檔案 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="166"/>
        <source>Reading %1…</source>
        <translation>正在讀取 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="174"/>
        <source>This file cannot be read: %1</source>
        <translation>無法讀取這個檔案:%1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="197"/>
        <source>(none)</source>
        <translation>(無)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="231"/>
        <source>Choose different columns for questions and answers.</source>
        <translation>問題與回答請選擇不同的欄位。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="241"/>
        <source>Row</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="241"/>
        <source>System prompt</source>
        <translation>系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="241"/>
        <source>Question</source>
        <translation>問題</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="241"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../ui/editor/import_dialog.py" line="262"/>
        <source>Row %1</source>
        <translation>第 %1 列</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/import_dialog.py" line="267"/>
        <source>%n row(s) become examples.</source>
        <translation>
            <numerusform>%n 列將成為範例。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/import_dialog.py" line="271"/>
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
        <location filename="../../ui/editor/bubbles.py" line="115"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="126"/>
        <source>Train on this reply</source>
        <translation>用這則回覆訓練</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="128"/>
        <source>When off, the model sees this reply but does not learn from it (weight 0).</source>
        <translation>關閉時,模型會看到這則回覆,但不會從中學習(weight 0)。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="135"/>
        <source>Apply to all examples</source>
        <translation>套用到所有範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="137"/>
        <source>Use this system prompt in every example of the file.</source>
        <translation>在檔案的每一則範例中使用這個系統提示。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="143"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="146"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="149"/>
        <source>Remove this message</source>
        <translation>移除這則訊息</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="156"/>
        <source>Message text</source>
        <translation>訊息內容</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="162"/>
        <source>(This message has several parts: edit it in the JSON view.)</source>
        <translation>(這則訊息由多個部分組成:請在 JSON 檢視中編輯。)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="169"/>
        <source>Answers tool call (id)</source>
        <translation>回應的工具呼叫(id)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="174"/>
        <source>Tool calls (JSON list)</source>
        <translation>工具呼叫(JSON 清單)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="176"/>
        <source>Tool calls</source>
        <translation>工具呼叫</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="186"/>
        <source>Add a tool call</source>
        <translation>新增工具呼叫</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="210"/>
        <source>System prompt</source>
        <translation>系統提示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="211"/>
        <source>Developer instructions</source>
        <translation>開發者指示</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="212"/>
        <source>Question (user)</source>
        <translation>問題(user)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="213"/>
        <source>Answer (assistant)</source>
        <translation>回答(assistant)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="214"/>
        <source>Tool result</source>
        <translation>工具結果</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="215"/>
        <source>Function result (old format)</source>
        <translation>函式結果(舊格式)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="217"/>
        <source>Unknown role: %1</source>
        <translation>無法辨識的角色:%1</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="221"/>
        <source>The tool calls are not valid JSON.</source>
        <translation>工具呼叫不是有效的 JSON。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="222"/>
        <source>Tool calls must be a list: [ {...}, ... ].</source>
        <translation>工具呼叫必須是清單:[ {...}, ... ]。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="223"/>
        <source>Each tool call needs a &quot;function&quot; with a name and arguments.</source>
        <translation>每個工具呼叫都需要有名稱與參數的 &quot;function&quot;。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="224"/>
        <source>A tool call has no function name.</source>
        <translation>有一個工具呼叫沒有函式名稱。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="225"/>
        <source>&quot;arguments&quot; must be a JSON text inside quotes.</source>
        <translation>&quot;arguments&quot; 必須是放在引號內的 JSON 文字。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/bubbles.py" line="226"/>
        <source>&quot;arguments&quot; is not valid JSON.</source>
        <translation>&quot;arguments&quot; 不是有效的 JSON。</translation>
    </message>
</context>
<context>
    <name>PrivacyDialog</name>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="190"/>
        <source>Privacy check</source>
        <translation>隱私檢查</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="191"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="191"/>
        <source>Field</source>
        <translation>欄位</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="191"/>
        <source>What</source>
        <translation>類型</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="191"/>
        <source>Found</source>
        <translation>內容</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="208"/>
        <source>The check for personal data could not finish (%1), so nothing is known about these examples.</source>
        <translation>個人資料檢查無法完成（%1），因此無法得知這些範例的情況。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/privacy_dialog.py" line="224"/>
        <source>%n possible personal detail(s) or secret(s) found in the examples: national ID numbers, phone numbers, e-mail addresses, card numbers or keys. A fine-tuned model can repeat them to anyone who asks.</source>
        <translation>
            <numerusform>在範例中找到 %n 筆可能的個人資料或機密：身分證字號、電話號碼、電子郵件地址、信用卡號或金鑰。微調後的模型可能會把它們說給任何發問的人聽。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="229"/>
        <source>Uploading sends them to %1.</source>
        <translation>上傳會把它們傳送給 %1。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/privacy_dialog.py" line="233"/>
        <source>Double-click one to fix it in the editor, leave out the %n example(s) that hold them, or go on knowingly.</source>
        <translation>
            <numerusform>按兩下任一筆即可在編輯器中修正；也可以略過含有這些資料的 %n 則範例，或在知情的情況下繼續。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="237"/>
        <source>Double-click one to fix it in the editor, or go on knowingly.</source>
        <translation>按兩下任一筆即可在編輯器中修正，或在知情的情況下繼續。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="241"/>
        <source>Upload anyway</source>
        <translation>仍要上傳</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="246"/>
        <source>%1 %2</source>
        <comment>one sentence after another</comment>
        <translation>%1%2</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="211"/>
        <location filename="../../ui/editor/privacy_dialog.py" line="241"/>
        <source>Continue anyway</source>
        <translation>仍要繼續</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="197"/>
        <source>Go back and fix</source>
        <translation>返回修正</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="193"/>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="198"/>
        <source>Leave these examples out</source>
        <translation>略過這些範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="203"/>
        <source>Looking for personal data and secrets…</source>
        <translation>正在尋找個人資料與機密…</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="216"/>
        <source>No e-mail addresses, phone numbers, ID numbers, card numbers or API keys were found.</source>
        <translation>沒有找到電子郵件地址、電話號碼、身分證字號、信用卡號或 API 金鑰。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/privacy_dialog.py" line="204"/>
        <location filename="../../ui/editor/privacy_dialog.py" line="220"/>
        <source>Continue</source>
        <translation>繼續</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../../ui/editor/problems.py" line="57"/>
        <source>This example is the same as another one in the file.</source>
        <translation>這則範例與檔案中的另一則完全相同。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="100"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="100"/>
        <source>Field</source>
        <translation>欄位</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="100"/>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="109"/>
        <source>file</source>
        <translation>檔案</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <location filename="../../ui/editor/problems.py" line="156"/>
        <source>No problems found.</source>
        <translation>沒有發現問題。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/problems.py" line="159"/>
        <source>Problems: %1, %2</source>
        <translation>問題：%1、%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/problems.py" line="160"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 個錯誤</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/problems.py" line="161"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 個警告</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryWidget</name>
    <message>
        <location filename="../../ui/editor/summary.py" line="68"/>
        <location filename="../../ui/editor/summary.py" line="92"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="75"/>
        <location filename="../../ui/editor/summary.py" line="93"/>
        <source>Examples</source>
        <translation>範例數</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="76"/>
        <location filename="../../ui/editor/summary.py" line="94"/>
        <source>Valid examples</source>
        <translation>有效範例</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="77"/>
        <location filename="../../ui/editor/summary.py" line="95"/>
        <source>Tokens per example (p50 / p90 / max)</source>
        <translation>每則範例的 token 數(p50 / p90 / 最大)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="78"/>
        <location filename="../../ui/editor/summary.py" line="96"/>
        <source>Estimated epochs</source>
        <translation>預估訓練輪數</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="79"/>
        <location filename="../../ui/editor/summary.py" line="97"/>
        <source>Billed tokens</source>
        <translation>計費 token 數</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="80"/>
        <location filename="../../ui/editor/summary.py" line="98"/>
        <source>Estimated cost</source>
        <translation>預估費用</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="113"/>
        <source>(checking %1 more…)</source>
        <translation>(還有 %1 行檢查中…)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="120"/>
        <source>no price known for this model</source>
        <translation>沒有這個模型的價格資料</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="123"/>
        <source>about US$%1 (estimate, prices of %2)</source>
        <translation>約 US$%1(估計值,%2 的價格)</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="129"/>
        <source>Fine-tuning needs at least 10 valid examples; 50–100 well-made ones are a good start.</source>
        <translation>微調至少需要 10 則有效範例;從 50–100 則精心撰寫的範例開始最好。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="135"/>
        <source>Enough to start. 50–100 well-made examples usually train clearly better.</source>
        <translation>已足夠開始。通常 50–100 則精心撰寫的範例效果會明顯更好。</translation>
    </message>
    <message>
        <location filename="../../ui/editor/summary.py" line="139"/>
        <source>A good size. Quality matters more than quantity from here.</source>
        <translation>數量足夠了。接下來品質比數量更重要。</translation>
    </message>
</context>
</TS>
