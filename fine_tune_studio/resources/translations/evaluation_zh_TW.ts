<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>ContestantRow</name>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="85"/>
        <source>model name</source>
        <translation>模型名稱</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="86"/>
        <source>List this provider&apos;s models</source>
        <translation>列出這個服務商的模型</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="87"/>
        <source>no examples</source>
        <translation>不給範例</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="88"/>
        <source> examples</source>
        <translation> 則範例</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="90"/>
        <source>More than 0 makes this a prompt baseline: the model gets the training file&apos;s system prompt and this many of its examples before each question.</source>
        <translation>大於 0 時，這一列就是「提示基準」：每次提問前，模型會先收到訓練檔的系統提示和這麼多則範例。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="93"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>CorrectedAnswerDialog</name>
    <message>
        <location filename="../../ui/evaluation/dialogs.py" line="125"/>
        <source>Add corrected answer</source>
        <translation>加入修正後的回答</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/dialogs.py" line="127"/>
        <source>Adds an example to the training file open in Examples. Reword the question: the same question in the test set and the training file would make the next evaluation measure memory instead of skill.</source>
        <translation>在「範例」中開啟的訓練檔加入一則範例。請換個說法改寫提問：同一個提問若同時出現在測試集和訓練檔，下次評估量到的就是記憶，而不是能力。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/dialogs.py" line="131"/>
        <source>The model answered: %1</source>
        <translation>模型的回答：%1</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/dialogs.py" line="132"/>
        <source>Question:</source>
        <translation>提問：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/dialogs.py" line="132"/>
        <source>Answer:</source>
        <translation>回答：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/dialogs.py" line="148"/>
        <source>This is the test question itself: reword it.</source>
        <translation>這就是測試提問本身，請改寫。</translation>
    </message>
</context>
<context>
    <name>EvaluationLanguage</name>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="220"/>
        <source>en</source>
        <comment>the code of the language of this translation</comment>
        <translation>zh_TW</translation>
    </message>
</context>
<context>
    <name>EvaluationPanel</name>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="199"/>
        <source>Run:</source>
        <translation>評估：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="200"/>
        <source>New run</source>
        <translation>新的評估</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="201"/>
        <source>Run</source>
        <translation>執行</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="202"/>
        <source>Review</source>
        <translation>評比</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="203"/>
        <source>Report</source>
        <translation>報告</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="205"/>
        <location filename="../../ui/evaluation/panel.py" line="237"/>
        <source>(new run)</source>
        <translation>（新的評估）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="275"/>
        <source>Opening the run…</source>
        <translation>正在開啟評估…</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="284"/>
        <source>This run cannot be opened: %1</source>
        <translation>無法開啟這次評估：%1</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="317"/>
        <source>Choose a test set</source>
        <translation>選擇測試集</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="320"/>
        <source>Examples (*.jsonl)</source>
        <translation>範例（*.jsonl）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="341"/>
        <source>“%1”: training line %2, test line %3</source>
        <translation>「%1」：訓練檔第 %2 行，測試集第 %3 行</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/evaluation/panel.py" line="346"/>
        <source>%n test question(s) are also in the training file: %1</source>
        <translation>
            <numerusform>有 %n 則測試提問也在訓練檔中：%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/evaluation/panel.py" line="351"/>
        <source>%n test question(s).</source>
        <translation>
            <numerusform>共 %n 則測試提問。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="469"/>
        <source>Cost on paid providers: at most US$%1 (list prices of %2).</source>
        <translation>付費服務商的費用：最多 US$%1（%2 的牌價）。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="472"/>
        <source>No price known for: %1.</source>
        <translation>不知道價格的模型：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="500"/>
        <source>Choose a test set first.</source>
        <translation>請先選擇測試集。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="514"/>
        <source>Give 2 to 6 contestants with different models or few-shot settings.</source>
        <translation>請設定 2 到 6 個參賽模型，模型或少樣本設定要各不相同。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="559"/>
        <source>The run stopped unexpectedly; Continue the run picks it up.</source>
        <translation>評估意外中斷；按「接續執行」即可接著做。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/evaluation/panel.py" line="605"/>
        <source>%n answer(s) failed (Continue the run tries them again)</source>
        <translation>
            <numerusform>%n 個回答失敗（按「接續執行」會重試）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="637"/>
        <source>Continue the run</source>
        <translation>接續執行</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="598"/>
        <source>%1 of %2 answers</source>
        <translation>已完成 %1／%2 個回答</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="449"/>
        <source>Estimating the cost…</source>
        <translation>正在估算費用…</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="475"/>
        <source>%1 may charge for answers; the app does not know its prices.</source>
        <translation>%1 可能會依回答收費；本程式不知道它的價格。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="478"/>
        <source>Free: every contestant runs on this computer.</source>
        <translation>免費：所有參賽模型都在這台電腦上執行。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="601"/>
        <source> · about %1 left</source>
        <translation> · 約剩 %1</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="607"/>
        <source>paused</source>
        <translation>已暫停</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="613"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="615"/>
        <source>%1 min</source>
        <translation>%1 分鐘</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="616"/>
        <source>%1 h</source>
        <translation>%1 小時</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="624"/>
        <source>Resume</source>
        <translation>恢復</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="624"/>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="632"/>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="654"/>
        <source>Export report</source>
        <translation>匯出報告</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="656"/>
        <source>Web page (*.html)</source>
        <translation>網頁（*.html）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="666"/>
        <source>Report written: %1</source>
        <translation>報告已寫入：%1</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/panel.py" line="689"/>
        <source>AI judge: %1 of %2</source>
        <translation>AI 評審：%1／%2</translation>
    </message>
</context>
<context>
    <name>JudgeDialog</name>
    <message>
        <location filename="../../ui/evaluation/dialogs.py" line="68"/>
        <source>AI judge</source>
        <translation>AI 評審</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/dialogs.py" line="70"/>
        <source>A chat model rates each pair of answers with the rubric below. It is asked twice, with A and B swapped; a verdict counts only when both agree. The report shows how often it agrees with your reviewers.</source>
        <translation>由一個對話模型依照下方的評分準則比較每組回答。每組會問兩次，第二次把 A 和 B 對調；兩次結果一致才算數。報告會列出它和人工評審意見一致的比例。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/dialogs.py" line="74"/>
        <source>Provider:</source>
        <translation>服務商：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/dialogs.py" line="74"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/dialogs.py" line="75"/>
        <source>Rubric:</source>
        <translation>評分準則：</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="235"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="235"/>
        <source>Answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="235"/>
        <source>Exact match</source>
        <translation>完全相符</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="236"/>
        <source>Similarity (chrF)</source>
        <translation>相似度（chrF）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="236"/>
        <source>Mean length</source>
        <translation>平均長度</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="238"/>
        <source>Win rates for:</source>
        <translation>勝率範圍：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="240"/>
        <source>Bars: how often the first model of each pair was judged better (a tie counts half); whiskers: 95% interval; dashed line: 50%.</source>
        <translation>長條：每組中前一個模型被評為較好的比例（平手算一半）；細線：95% 信賴區間；虛線：50%。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="243"/>
        <source>Where this model lost:</source>
        <translation>這個模型輸掉的提問：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="244"/>
        <source>Question</source>
        <translation>提問</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="244"/>
        <source>Its answer</source>
        <translation>它的回答</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="245"/>
        <source>Why listed</source>
        <translation>列出原因</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="246"/>
        <source>Open in editor</source>
        <translation>在編輯器中開啟</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="247"/>
        <source>Add corrected answer…</source>
        <translation>加入修正後的回答…</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="248"/>
        <source>Export report…</source>
        <translation>匯出報告…</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="249"/>
        <source>AI judge…</source>
        <translation>AI 評審…</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="261"/>
        <source>Open or start a run to see its report.</source>
        <translation>開啟或開始一次評估，即可看到報告。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/evaluation/report_view.py" line="285"/>
        <source>The AI judge rated %n pair(s); none was also rated by a reviewer.</source>
        <translation>
            <numerusform>AI 評審評了 %n 組；其中沒有人工評審也評過的。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/evaluation/report_view.py" line="289"/>
        <source>The AI judge agrees with the reviewers on %1% of %n vote(s) (Cohen&apos;s kappa %2).</source>
        <translation>
            <numerusform>在 %n 票中，AI 評審與人工評審有 %1% 意見一致（Cohen’s kappa %2）。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="328"/>
        <source>All questions</source>
        <translation>所有提問</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="353"/>
        <source>No votes yet: review the answers (Review tab) or ask the AI judge.</source>
        <translation>還沒有投票：請到「評比」分頁評比回答，或請 AI 評審評分。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="357"/>
        <source>%1 vs %2: %3 wins, %4 ties, %5 losses; win rate %6 (95%: %7–%8)</source>
        <translation>%1 對 %2：%3 勝、%4 平手、%5 負；勝率 %6（95%：%7–%8）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="389"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="390"/>
        <source>%1 preferred</source>
        <translation>較喜歡 %1</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/report_view.py" line="314"/>
        <location filename="../../ui/evaluation/report_view.py" line="392"/>
        <source>differs from the reference</source>
        <translation>與參考答案不同</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../ui/evaluation/review.py" line="138"/>
        <source>Your name:</source>
        <translation>您的名字：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="139"/>
        <source>asked once; keeps your votes apart</source>
        <translation>只問一次；用來分開每位評審的票</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="140"/>
        <source>Compare:</source>
        <translation>比較：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="141"/>
        <source>Answer A</source>
        <translation>回答 A</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="142"/>
        <source>Answer B</source>
        <translation>回答 B</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="143"/>
        <source>Reference answer (what the test set expects)</source>
        <translation>參考答案（測試集期望的回答）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="144"/>
        <source>Note (optional, saved with your vote):</source>
        <translation>備註（選填，隨您的票一起儲存）：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="145"/>
        <location filename="../../ui/evaluation/review.py" line="267"/>
        <source>Show reference answer</source>
        <translation>顯示參考答案</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="146"/>
        <source>A is better (1)</source>
        <translation>A 較好（1）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="147"/>
        <source>B is better (2)</source>
        <translation>B 較好（2）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="148"/>
        <source>Tie (3)</source>
        <translation>平手（3）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="149"/>
        <source>← Previous</source>
        <translation>← 上一則</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="150"/>
        <source>Next →</source>
        <translation>下一則 →</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="169"/>
        <source>Model %1</source>
        <translation>模型 %1</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="210"/>
        <source>Open or start a run to review its answers.</source>
        <translation>開啟或開始一次評估，即可評比它的回答。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="214"/>
        <source>%1 of %2</source>
        <translation>第 %1／%2 則</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="219"/>
        <source>Choose two different models to compare.</source>
        <translation>請選擇兩個不同的模型來比較。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="242"/>
        <source>(no answer yet)</source>
        <translation>（還沒有回答）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="228"/>
        <source>Type your name first: each reviewer&apos;s votes are counted apart.</source>
        <translation>請先輸入您的名字：每位評審的票分開計算。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/evaluation/review.py" line="231"/>
        <source>%n of %1 rated by you.</source>
        <translation>
            <numerusform>您已評比 %n／%1 則。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="234"/>
        <source>You chose A.</source>
        <translation>您選了 A。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="234"/>
        <source>You chose B.</source>
        <translation>您選了 B。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="235"/>
        <source>You called it a tie.</source>
        <translation>您評為平手。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/review.py" line="267"/>
        <source>Hide reference answer</source>
        <translation>隱藏參考答案</translation>
    </message>
</context>
<context>
    <name>RunSetup</name>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="222"/>
        <source>Test set:</source>
        <translation>測試集：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="223"/>
        <source>Training file:</source>
        <translation>訓練檔：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="224"/>
        <source>(none paired; few-shot baselines need one)</source>
        <translation>（沒有配對；少樣本基準需要訓練檔）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="225"/>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="227"/>
        <source>No provider yet: add one under Providers (This computer, or a service with a key), and its models can answer here.</source>
        <translation>還沒有服務商：請到「服務商」新增一個（這台電腦，或需要金鑰的服務），它的模型就能在這裡回答。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="231"/>
        <source>No test set yet. A test set is a few of your examples kept apart: the model never trains on them, so they show honestly what it learned. Open your training file under Examples and use Tools → Set aside as test set…, or Choose… a test set you already have.</source>
        <translation>還沒有測試集。測試集是另外保留的幾則範例：模型從不拿它們來訓練，所以能如實看出模型學到了什麼。請在「範例」中開啟訓練檔，使用「工具 → 保留為測試集…」；或按「選擇…」挑選已有的測試集。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="236"/>
        <source>Contestants (2 to 6): provider, model, few-shot examples</source>
        <translation>參賽模型（2 到 6 個）：服務商、模型、少樣本範例</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="237"/>
        <source>Add a contestant</source>
        <translation>加入參賽模型</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="238"/>
        <source>At most tokens per answer:</source>
        <translation>每個回答最多 token 數：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="239"/>
        <source>Requests at a time per provider:</source>
        <translation>每個服務商同時請求數：</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="240"/>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="241"/>
        <source>Resume</source>
        <translation>恢復</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/setup.py" line="241"/>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
</context>
<context>
    <name>SetAsideDialog</name>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="48"/>
        <source>Set aside as test set…</source>
        <translation>保留為測試集…</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="142"/>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="219"/>
        <source>Set aside as test set</source>
        <translation>保留為測試集</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="144"/>
        <source>The chosen examples move out of this file into a test set the model never trains on. Keep the test set to check each fine-tune fairly. Examples are drawn at random (the same seed draws the same ones) and spread over tags like the file.</source>
        <translation>選出的範例會從這個檔案移到測試集，模型永遠不會拿它來訓練。留著測試集，才能公平檢查每一次微調。範例是隨機抽出的（同一個亂數種子會抽出同樣的範例），各標籤的比例和原檔案相同。</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="148"/>
        <source>Number of examples</source>
        <translation>範例則數</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="149"/>
        <source>Share of the examples</source>
        <translation>範例比例</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="150"/>
        <source>Seed</source>
        <translation>亂數種子</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="162"/>
        <source>Save the examples to a file first: the test set is written next to it.</source>
        <translation>請先把範例存成檔案：測試集會寫在它旁邊。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="170"/>
        <source>%n example(s) move to %1; %2 stay for training.</source>
        <translation>
            <numerusform>%n 則範例移到 %1；%2 則留著訓練。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="173"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="174"/>
        <source>By tag: %1</source>
        <translation>各標籤：%1</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="190"/>
        <source>%1 (line %2 of the training file, line %3 of the test set)</source>
        <translation>%1（訓練檔第 %2 行，測試集第 %3 行）</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="192"/>
        <source>The test set already has questions that the training file also asks: %1</source>
        <translation>測試集中已有訓練檔也問到的提問：%1</translation>
    </message>
    <message>
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="195"/>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
</TS>
