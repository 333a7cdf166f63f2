<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>DataPage</name>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="375"/>
        <source>No examples file is open in the editor.</source>
        <translation>編輯器中沒有開啟的範例檔。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="378"/>
        <source>(unsaved examples)</source>
        <translation>（尚未儲存的範例）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="382"/>
        <source>Choose an examples file</source>
        <translation>選擇範例檔</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="383"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines 檔（*.jsonl）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="402"/>
        <source>Checking the examples…</source>
        <translation>正在檢查範例…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="425"/>
        <source>Could not read the file: %1</source>
        <translation>無法讀取檔案：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="440"/>
        <source>This file has %n problem(s) to fix first; it will not be uploaded.</source>
        <translation>
            <numerusform>這個檔案有 %n 個問題要先修正；修正前不會上傳。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="463"/>
        <source>Line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="447"/>
        <source>…and %n more.</source>
        <translation>
            <numerusform>…還有 %n 個。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="450"/>
        <source>%n example(s), no errors</source>
        <translation>
            <numerusform>%n 則範例，沒有錯誤</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="451"/>
        <source>%1 tokens</source>
        <translation>%1 個 token</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="453"/>
        <source>%n warning(s) (see the editor)</source>
        <translation>
            <numerusform>%n 個警告（請見編輯器）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="460"/>
        <source>Lines %1–%2</source>
        <translation>第 %1–%2 行</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="473"/>
        <source>Your examples pair a better and a worse answer, so the model learns by preference (DPO).</source>
        <translation>您的範例是「較好」與「較差」回答的配對，所以模型會以偏好學習（DPO）。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="478"/>
        <source>Your examples are conversations, so the model learns to answer like them (supervised). Files of preferred/non-preferred answer pairs use DPO.</source>
        <translation>您的範例是對話，所以模型會學著照這樣回答（監督式）。若檔案是「偏好／不偏好」的回答配對，則使用 DPO。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="521"/>
        <source>Choose where to train first: this computer (private and free) or a provider with an API key.</source>
        <translation>請先選擇在哪裡訓練：這台電腦（隱私又免費），或使用 API 金鑰的服務商。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="526"/>
        <source>Asking the provider for its models…</source>
        <translation>正在向服務商查詢可用模型…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="572"/>
        <source>(shuts down %1)</source>
        <translation>（%1 停止服務）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="591"/>
        <source>This provider has no fine-tuned models of yours yet.</source>
        <translation>這個服務商還沒有您微調過的模型。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="594"/>
        <source>This provider offers no model that can be fine-tuned.</source>
        <translation>這個服務商沒有可以微調的模型。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="618"/>
        <source>Model id: %1.</source>
        <translation>模型 ID：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="621"/>
        <source>OpenAI takes no new fine-tuning jobs from %1; This computer and Together AI take the same examples.</source>
        <translation>OpenAI 自 %1 起不再接受新的微調工作；這台電腦與 Together AI 都能使用同樣的範例。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="626"/>
        <source>Training continues from this fine-tuned model with your new examples; the original stays as it is.</source>
        <translation>會以您的新範例接著訓練這個微調過的模型；原本的模型保持不變。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="631"/>
        <source>The provider retires this model on %1; a fine-tune of it stops working then too.</source>
        <translation>服務商將於 %1 停用這個模型；以它微調出的模型屆時也會一併停用。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="647"/>
        <source>Asking the provider for this model&apos;s limits…</source>
        <translation>正在向服務商詢問這個模型的限制…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="664"/>
        <source>Examples and provider</source>
        <translation>範例與服務商</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="666"/>
        <source>What to learn from, where to train, and which model to start from.</source>
        <translation>要從什麼學、在哪裡訓練、從哪個模型開始。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="668"/>
        <source>Examples</source>
        <translation>範例</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="669"/>
        <source>Where to train</source>
        <translation>在哪裡訓練</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="670"/>
        <source>Choose file…</source>
        <translation>選擇檔案…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="671"/>
        <source>Use the open file</source>
        <translation>使用已開啟的檔案</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="672"/>
        <source>Provider</source>
        <translation>服務商</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="673"/>
        <source>Base model</source>
        <translation>基礎模型</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="674"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="675"/>
        <source>Continue from one of my fine-tuned models</source>
        <translation>從我微調過的模型接著訓練</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="676"/>
        <source>Supervised (learn from example answers)</source>
        <translation>監督式（從範例回答學習）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="677"/>
        <source>DPO (learn from preferred vs. rejected answers)</source>
        <translation>DPO（從偏好與不偏好的回答學習）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="678"/>
        <source>Choose where to train…</source>
        <translation>選擇訓練的地方…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="680"/>
        <source>Is fine-tuning the right method?</source>
        <translation>微調是合適的方法嗎？</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="681"/>
        <source>How many examples do I need?</source>
        <translation>需要多少則範例？</translation>
    </message>
</context>
<context>
    <name>JobDetail</name>
    <message>
        <location filename="../../ui/jobs/detail.py" line="201"/>
        <source>No job selected</source>
        <translation>尚未選取工作</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="241"/>
        <source>%1 as the provider counts them (the wizard forecast %2 with OpenAI&apos;s tokenizer)</source>
        <translation>%1（服務商的計算；精靈以 OpenAI 的 tokenizer 預估為 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="259"/>
        <source>%1, needs about %2</source>
        <translation>%1，約需 %2 記憶體</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="261"/>
        <source>%1, needs about %2 of the %3 free</source>
        <translation>%1，約需 %2 記憶體（目前可用 %3）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="267"/>
        <source>DPO</source>
        <translation>DPO</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="267"/>
        <source>Supervised</source>
        <translation>監督式</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="269"/>
        <source>epochs</source>
        <translation>訓練輪數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="270"/>
        <source>batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="271"/>
        <source>learning-rate multiplier</source>
        <translation>學習率倍數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="272"/>
        <source>learning rate</source>
        <translation>學習率</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="273"/>
        <source>beta</source>
        <translation>beta</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="274"/>
        <source>evaluations</source>
        <translation>評估次數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="288"/>
        <source>The provider gave no reason.</source>
        <translation>服務商沒有說明原因。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="290"/>
        <source>Training stopped with an error: %1</source>
        <translation>訓練因錯誤而停止：%1</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="298"/>
        <source>Could not check this job: %1</source>
        <translation>無法查詢這個工作：%1</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="331"/>
        <source>Reward accuracy</source>
        <translation>獎勵準確率</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="345"/>
        <source>Open in playground</source>
        <translation>在試用區開啟</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="374"/>
        <source>Downloading the model: %1 MB</source>
        <translation>正在下載模型：%1 MB</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="417"/>
        <source>Cancel job</source>
        <translation>取消工作</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="418"/>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="419"/>
        <source>Resume</source>
        <translation>繼續</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="420"/>
        <source>Download result files…</source>
        <translation>下載結果檔…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="421"/>
        <source>Download the model to this computer</source>
        <translation>把模型下載到這台電腦</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="422"/>
        <source>Try the model in the playground</source>
        <translation>在試用區試用模型</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="423"/>
        <source>Export…</source>
        <translation>匯出…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="425"/>
        <source>Take the fine-tuned model out: LoRA adapter, merged model, GGUF or Ollama</source>
        <translation>把微調後的模型匯出：LoRA 轉接器、合併後的模型、GGUF 或 Ollama</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="427"/>
        <source>Provider</source>
        <translation>服務商</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="428"/>
        <source>Base model</source>
        <translation>基礎模型</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="429"/>
        <source>Fine-tuned model</source>
        <translation>微調後的模型</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="430"/>
        <source>Examples file</source>
        <translation>範例檔</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="431"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="432"/>
        <source>Trained tokens</source>
        <translation>已訓練 token 數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="433"/>
        <source>Trains on</source>
        <translation>訓練裝置</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="434"/>
        <source>Elapsed</source>
        <translation>已用時間</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="435"/>
        <source>Time left</source>
        <translation>剩餘時間</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="439"/>
        <source>Loss chart</source>
        <translation>損失曲線</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="440"/>
        <source>Details</source>
        <translation>詳細資料</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="441"/>
        <source>Events</source>
        <translation>事件紀錄</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="442"/>
        <source>Checkpoints</source>
        <translation>檢查點</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="445"/>
        <source>Step</source>
        <translation>步數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="446"/>
        <source>Train loss</source>
        <translation>訓練損失</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="447"/>
        <source>Validation loss</source>
        <translation>驗證損失</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="448"/>
        <source>Full validation loss</source>
        <translation>完整驗證損失</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="332"/>
        <location filename="../../ui/jobs/detail.py" line="449"/>
        <source>Token accuracy</source>
        <translation>token 準確率</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/detail.py" line="450"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
</context>
<context>
    <name>JobEvents</name>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="23"/>
        <source>Created fine-tuning job: %1</source>
        <translation>已建立微調工作：%1</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="25"/>
        <source>Validating training file: %1</source>
        <translation>正在驗證訓練檔：%1</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="27"/>
        <source>Validating training file %1 and validation file %2</source>
        <translation>正在驗證訓練檔 %1 與驗證檔 %2</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="29"/>
        <source>Files validated, moving job to queued state</source>
        <translation>檔案驗證完成，工作進入排隊</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="31"/>
        <source>Validated the training files; the job is queued</source>
        <translation>訓練檔已驗證；工作正在排隊</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="33"/>
        <source>Fine-tuning job started</source>
        <translation>微調工作已開始</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="35"/>
        <source>Fine-tuning job cancelled</source>
        <translation>微調工作已取消</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="37"/>
        <source>Fine-tuning job paused</source>
        <translation>微調工作已暫停</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="39"/>
        <source>Fine-tuning job resumed</source>
        <translation>微調工作已繼續</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="41"/>
        <source>Cancelling the job: stopping training at the next step.</source>
        <translation>正在取消工作：會在下一步停止訓練。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="44"/>
        <source>Checkpoint created at step %1</source>
        <translation>已在第 %1 步建立檢查點</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="46"/>
        <source>New fine-tuned model created: %1</source>
        <translation>已建立新的微調模型：%1</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="48"/>
        <source>The job has successfully completed</source>
        <translation>工作已順利完成</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="50"/>
        <source>Fine-tuning job failed: %1</source>
        <translation>微調工作失敗：%1</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="52"/>
        <source>Usage policy evaluations completed, model is now enabled for sampling</source>
        <translation>使用政策審查完成，模型現在可以使用</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="55"/>
        <source>Evaluating model against our usage policies</source>
        <translation>正在依服務商的使用政策審查模型</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="61"/>
        <source>training loss</source>
        <translation>訓練損失</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="62"/>
        <source>validation loss</source>
        <translation>驗證損失</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="63"/>
        <source>full validation loss</source>
        <translation>完整驗證損失</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="64"/>
        <source>no metrics</source>
        <translation>沒有指標</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="84"/>
        <source>Step %1/%2: %3</source>
        <translation>第 %1/%2 步：%3</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/event_words.py" line="86"/>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>JobNotifier</name>
    <message>
        <location filename="../../ui/jobs/notifier.py" line="33"/>
        <source>Fine Tune Studio</source>
        <translation>Fine Tune Studio</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <location filename="../../ui/jobs/status_words.py" line="10"/>
        <source>Checking files</source>
        <translation>檢查檔案中</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/status_words.py" line="11"/>
        <source>Waiting to start</source>
        <translation>等待開始</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/status_words.py" line="12"/>
        <source>Training</source>
        <translation>訓練中</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/status_words.py" line="13"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/status_words.py" line="14"/>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/status_words.py" line="15"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/status_words.py" line="16"/>
        <source>Paused</source>
        <translation>已暫停</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/status_words.py" line="17"/>
        <source>Pausing</source>
        <translation>暫停中</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/status_words.py" line="18"/>
        <source>Cancelling</source>
        <translation>取消中</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/status_words.py" line="21"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>JobTable</name>
    <message>
        <location filename="../../ui/jobs/job_table.py" line="107"/>
        <source>Job</source>
        <translation>工作</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/job_table.py" line="108"/>
        <source>Provider</source>
        <translation>服務商</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/job_table.py" line="109"/>
        <source>Base model</source>
        <translation>基礎模型</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/job_table.py" line="110"/>
        <source>Examples file</source>
        <translation>範例檔</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/job_table.py" line="111"/>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/job_table.py" line="112"/>
        <source>Elapsed</source>
        <translation>已用時間</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/job_table.py" line="113"/>
        <source>Time left</source>
        <translation>剩餘時間</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/job_table.py" line="114"/>
        <source>Trained tokens</source>
        <translation>已訓練 token 數</translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message>
        <location filename="../../ui/jobs/panel.py" line="238"/>
        <source>Could not save the list of started jobs: %1</source>
        <translation>無法儲存已啟動的工作清單：%1</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="326"/>
        <source>Fine-tuning finished</source>
        <translation>微調完成</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="328"/>
        <source>%1 is ready: %2</source>
        <translation>%1 已完成：%2</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="330"/>
        <source>Fine-tuning failed</source>
        <translation>微調失敗</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="332"/>
        <source>no reason given</source>
        <translation>沒有說明原因</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="333"/>
        <source>%1 stopped: %2</source>
        <translation>%1 已停止：%2</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="335"/>
        <source>Fine-tuning cancelled</source>
        <translation>微調已取消</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="336"/>
        <source>%1 was cancelled.</source>
        <translation>%1 已取消。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="359"/>
        <source>%1: %2 %3</source>
        <translation>%1：%2%3</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="362"/>
        <source>The app asks again by itself, less often each time; Retry asks now.</source>
        <translation>程式會自動再試，間隔一次比一次長；按「重試」立即再試。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="400"/>
        <source>Could not cancel the job (%1): %2</source>
        <translation>無法取消這個工作（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="401"/>
        <source>Could not pause the job (%1): %2</source>
        <translation>無法暫停這個工作（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="402"/>
        <source>Could not resume the job (%1): %2</source>
        <translation>無法繼續這個工作（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="407"/>
        <source>Save result files in</source>
        <translation>結果檔要存在</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/panel.py" line="424"/>
        <source>Saved %n result file(s) in %1</source>
        <translation>
            <numerusform>已將 %n 個結果檔存到 %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="455"/>
        <source>The download stopped: %1</source>
        <translation>下載中斷：%1</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="457"/>
        <source>Press the button again to continue where it stopped.</source>
        <translation>再按一次按鈕，會從中斷的地方繼續。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="462"/>
        <source>The model is on this computer now, in %1. Choose This computer in the playground to talk to it.</source>
        <translation>模型已在這台電腦上，位於 %1。在試用區選擇「這台電腦」即可與它對話。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="469"/>
        <source>it holds only a LoRA add-on, without the model it belongs to</source>
        <translation>裡面只有 LoRA 外掛，沒有它所屬的模型</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="471"/>
        <source>it would write files outside its folder</source>
        <translation>它會把檔案寫到自己的資料夾之外</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="472"/>
        <source>it is not an archive this app can open</source>
        <translation>它不是本程式能開啟的壓縮檔</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="478"/>
        <source>The downloaded file is not a model this computer can use: %1. Nothing was added to your models.</source>
        <translation>下載的檔案不是這台電腦能使用的模型：%1。您的模型沒有任何變動。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="508"/>
        <source>New fine-tune…</source>
        <translation>新的微調…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="509"/>
        <source>Refresh</source>
        <translation>重新整理</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="510"/>
        <source>Retry</source>
        <translation>重試</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/panel.py" line="513"/>
        <source>Select a job to see its curves; select several to compare them.</source>
        <translation>選取一個工作可看它的曲線；選取多個可互相比較。</translation>
    </message>
</context>
<context>
    <name>LaunchWizard</name>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="239"/>
        <source>New fine-tune</source>
        <translation>新的微調</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="240"/>
        <source>Start training</source>
        <translation>開始訓練</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="241"/>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="242"/>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="243"/>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
</context>
<context>
    <name>LossChart</name>
    <message>
        <location filename="../../ui/jobs/chart.py" line="443"/>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="445"/>
        <source>epoch %1</source>
        <translation>第 %1 輪</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="453"/>
        <source>smoothed</source>
        <translation>平滑</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="538"/>
        <source>train loss (smoothed)</source>
        <translation>訓練損失（平滑）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="762"/>
        <source>train loss</source>
        <translation>訓練損失</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="763"/>
        <source>validation loss</source>
        <translation>驗證損失</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="764"/>
        <source>full validation loss</source>
        <translation>完整驗證損失</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="765"/>
        <source>train token accuracy</source>
        <translation>訓練 token 準確率</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="766"/>
        <source>validation token accuracy</source>
        <translation>驗證 token 準確率</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="767"/>
        <source>full validation token accuracy</source>
        <translation>完整驗證 token 準確率</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="768"/>
        <source>reward accuracy (preferred answer wins)</source>
        <translation>獎勵準確率（偏好的回答勝出）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="769"/>
        <source>reward margin</source>
        <translation>獎勵差距</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="780"/>
        <source>epoch</source>
        <translation>輪數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="780"/>
        <source>step</source>
        <translation>步數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="781"/>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="784"/>
        <source>accuracy</source>
        <translation>準確率</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="786"/>
        <source>token accuracy</source>
        <translation>token 準確率</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="789"/>
        <source>margin</source>
        <translation>差距</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="794"/>
        <source>Smoothing</source>
        <translation>平滑程度</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="796"/>
        <source>How much the bold line averages out step-to-step noise (0 = none).</source>
        <translation>粗線把每一步的起伏平均掉多少（0 = 不平滑）。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="800"/>
        <source>Raw train loss</source>
        <translation>原始訓練損失</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="801"/>
        <source>X axis</source>
        <translation>X 軸</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="802"/>
        <source>Step</source>
        <translation>步數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="803"/>
        <source>Epoch</source>
        <translation>輪數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="804"/>
        <source>Log scale</source>
        <translation>對數刻度</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="805"/>
        <source>Fit</source>
        <translation>顯示全部</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="808"/>
        <source>Show all the data and follow new points again. The chart stops following when you zoom or pan (mouse wheel, drag).</source>
        <translation>顯示全部資料，並再次跟隨新的資料點。當你縮放或平移（滑鼠滾輪、拖曳）時，圖表會停止跟隨。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/chart.py" line="775"/>
        <source>Point at the chart to read exact values.</source>
        <translation>把滑鼠移到圖上即可看到精確數值。</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1254"/>
        <source>Free: it runs on your own engine.</source>
        <translation>免費：在您自己的引擎上執行。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1265"/>
        <source>Unknown: no price is known for this model. Check the provider&apos;s price list.</source>
        <translation>未知：沒有這個模型的價格資料。請查看服務商的價目表。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1268"/>
        <source>about US$%1 (estimate; the provider bills its own count)</source>
        <translation>約 US$%1（估計值；實際以服務商的計算為準）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1306"/>
        <source>Tokens to train (estimate)</source>
        <translation>預計訓練的 token 數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1441"/>
        <source>roughly %1 (a guess until training starts; the job list then shows a measured estimate)</source>
        <translation>大約 %1（開始訓練前只是粗估；開始後工作清單會顯示實測的預估）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1444"/>
        <source>including time waiting in the provider&apos;s queue</source>
        <translation>含在服務商那裡排隊的時間</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1287"/>
        <source>(auto)</source>
        <translation>（自動）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1256"/>
        <source>US$%1 (%2&apos;s price estimate)</source>
        <translation>US$%1（%2 的報價估計）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1260"/>
        <source>The provider could not estimate this job.</source>
        <translation>服務商無法估算這項工作的費用。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1262"/>
        <source>The provider prices the job once it has checked the examples: use the button below.</source>
        <translation>服務商要先檢查範例才會報價：請使用下方的按鈕。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1286"/>
        <source>Runs on</source>
        <translation>訓練裝置</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1289"/>
        <source>%n example(s) held out to measure progress</source>
        <translation>
            <numerusform>保留 %n 則範例來衡量進展</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1291"/>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1295"/>
        <source>Provider</source>
        <translation>服務商</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1296"/>
        <source>Base model</source>
        <translation>基礎模型</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1297"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1297"/>
        <source>DPO</source>
        <translation>DPO</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1298"/>
        <source>Supervised</source>
        <translation>監督式</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1299"/>
        <source>Training</source>
        <translation>訓練方式</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1299"/>
        <source>Full fine-tuning</source>
        <translation>完整微調</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1300"/>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1302"/>
        <source>Training examples</source>
        <translation>訓練範例</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1303"/>
        <source>Validation</source>
        <translation>驗證</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1304"/>
        <source>Tokens per epoch</source>
        <translation>每輪 token 數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1305"/>
        <source>Epochs</source>
        <translation>訓練輪數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1307"/>
        <source>Estimated cost</source>
        <translation>預估費用</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1308"/>
        <source>Estimated time</source>
        <translation>預估時間</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1320"/>
        <source>I understand this may cost about US$%1 (the provider&apos;s estimate)</source>
        <translation>我了解這可能花費約 US$%1（服務商的估計）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1324"/>
        <source>Start training on %1</source>
        <translation>在「%1」上開始訓練</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1328"/>
        <source>I understand this may cost about US$%1</source>
        <translation>我了解這可能花費約 US$%1</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1332"/>
        <source>I understand the provider will bill this training</source>
        <translation>我了解服務商會對這次訓練收費</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1360"/>
        <source>%1: needs about %2 of the %3 free</source>
        <translation>%1：約需 %2 記憶體（目前可用 %3）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1362"/>
        <source>%1: too big, it needs about %2 but only %3 is free; the engine will refuse it. Choose a smaller batch size or model.</source>
        <translation>%1：太大了，約需 %2 記憶體，但只剩 %3 可用，引擎會拒絕這個工作。請改用較小的批次大小或較小的模型。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1369"/>
        <source>%1: needs about %2</source>
        <translation>%1：約需 %2 記憶體</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1381"/>
        <source>%1 (counted with OpenAI&apos;s tokenizer: every message of each example, times the epochs). The engine counts with the model&apos;s own tokenizer, so the job reports a different number.</source>
        <translation>%1（以 OpenAI 的 tokenizer 計算：每筆範例的所有訊息，乘以訓練輪數）。引擎使用模型本身的 tokenizer 計算，所以工作回報的數字會不同。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1385"/>
        <source>%1 (every message of each example, times the epochs: what OpenAI bills)</source>
        <translation>%1（每筆範例的所有訊息，乘以訓練輪數：即 OpenAI 收費的數量）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1388"/>
        <source>%1 (counted with OpenAI&apos;s tokenizer: every message of each example, times the epochs). The provider counts with its own tokenizer, so its number differs.</source>
        <translation>%1（以 OpenAI 的 tokenizer 計算：每筆範例的所有訊息，乘以訓練輪數）。服務商使用自己的 tokenizer 計算，所以數字會不同。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1396"/>
        <source>Before anything is uploaded, the examples are checked for personal data (national ID numbers, phone numbers, e-mail addresses, card numbers, keys); you decide what happens to any that are found.</source>
        <translation>上傳之前，會先檢查範例中有沒有個人資料（身分證字號、電話號碼、電子郵件地址、信用卡號、金鑰）；若有找到，由你決定如何處理。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1402"/>
        <source>The examples stay on this computer, so nothing is checked before training. You can still look for personal data a fine-tuned model could repeat.</source>
        <translation>範例會留在這台電腦上，所以訓練前不會檢查。你仍可以檢查有沒有微調後的模型可能說出口的個人資料。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1409"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1411"/>
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n 分鐘</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1412"/>
        <source>%1 hours</source>
        <translation>%1 小時</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1418"/>
        <source>about %1, at the speed of %n earlier job(s) on this provider with this model</source>
        <translation>
            <numerusform>約 %1，依這個服務商以同一模型完成的 %n 個先前工作的速度估算</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1423"/>
        <source>about %1, at the speed of %n earlier job(s) on this provider (other models)</source>
        <translation>
            <numerusform>約 %1，依這個服務商（其他模型）完成的 %n 個先前工作的速度估算</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1430"/>
        <source>about %1, from a training speed measured on a %2-core computer with a model of the same size</source>
        <translation>約 %1，依在 %2 核心電腦上以同樣大小的模型實測的訓練速度估算</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1433"/>
        <source>about %1, from a training speed measured on a %2-core computer with a %3 B-parameter model, scaled to this model&apos;s size</source>
        <translation>約 %1，依在 %2 核心電腦上以 %3 B 參數模型實測的訓練速度，按這個模型的大小換算</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1438"/>
        <source>%1 (scaled to the engine&apos;s %n core(s))</source>
        <translation>
            <numerusform>%1（並換算為引擎的 %n 個核心）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1471"/>
        <source>The provider prices a job only from uploaded examples. Uploading now runs the personal-data check first; the same upload is then used for the job, and nothing is trained until you start it.</source>
        <translation>服務商只根據已上傳的範例報價。現在上傳會先檢查個人資料；同一份上傳之後直接用於訓練工作，在您按下開始之前不會訓練任何東西。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1477"/>
        <source>%2&apos;s price estimate: US$%1.</source>
        <translation>%2 的報價估計：US$%1。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1481"/>
        <source>It counts %1 tokens to train on.</source>
        <translation>它計算出要訓練 %1 個 token。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1488"/>
        <source>%2 says the account cannot pay for this job now (credit limit US$%1): add credit first, or the job may be cancelled.</source>
        <translation>%2 表示這個帳戶目前無法支付這項工作（信用額度 US$%1）：請先加值，否則工作可能被取消。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1517"/>
        <source>Asking the provider for its price…</source>
        <translation>正在向服務商詢問價格…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1542"/>
        <source>Could not get the provider&apos;s price. %1</source>
        <translation>無法取得服務商的報價。%1</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1568"/>
        <location filename="../../ui/jobs/wizard.py" line="1700"/>
        <source>Looking for personal data…</source>
        <translation>正在尋找個人資料…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1578"/>
        <source>Possible personal data was found: choose what to do in the window that opened.</source>
        <translation>找到可能的個人資料：請在開啟的視窗中選擇如何處理。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1714"/>
        <source>Upload and get the provider&apos;s price</source>
        <translation>上傳並取得服務商報價</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1667"/>
        <source>Every example holds personal data, so none is left to upload. Fix them in the editor first.</source>
        <translation>每一則範例都含有個人資料，略過之後就沒有範例可以上傳了。請先在編輯器中修正。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1656"/>
        <source>%n example(s) with personal data were left out.</source>
        <translation>
            <numerusform>已略過 %n 則含有個人資料的範例。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1496"/>
        <location filename="../../ui/jobs/wizard.py" line="1659"/>
        <source>%1 %2</source>
        <comment>one sentence after another</comment>
        <translation>%1%2</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1690"/>
        <source>Uploading the examples…</source>
        <translation>正在上傳範例…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1701"/>
        <source>Waiting for the provider to process the file…</source>
        <translation>正在等服務商處理檔案…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1713"/>
        <source>Check for personal data…</source>
        <translation>檢查個人資料…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1692"/>
        <source>Uploading the validation examples…</source>
        <translation>正在上傳驗證範例…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1702"/>
        <source>Starting the job…</source>
        <translation>正在啟動工作…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1636"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1644"/>
        <source>Could not start the job. %1</source>
        <translation>無法啟動工作。%1</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1653"/>
        <source>Started. Follow it in the job list.</source>
        <translation>已啟動。請在工作清單中追蹤進度。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1711"/>
        <source>Check and start</source>
        <translation>確認並開始</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1712"/>
        <source>What will happen, what it costs, and how long it may take.</source>
        <translation>會發生什麼、要花多少錢、大約要多久。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="894"/>
        <source>%1 for this model</source>
        <translation>%1 對這個模型</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="899"/>
        <source>the engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="900"/>
        <source>this app</source>
        <translation>本程式</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="929"/>
        <location filename="../../ui/jobs/wizard.py" line="935"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="939"/>
        <source>The provider&apos;s limits for %1: %2.</source>
        <translation>服務商對 %1 的限制：%2。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="940"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="973"/>
        <source>as before</source>
        <translation>沿用先前的值</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="984"/>
        <source>LoRA rank, alpha and layers are fixed: training continues the add-on of %1, so its shape stays as it was trained.</source>
        <translation>LoRA 的秩（rank）、alpha 和層數已固定：這次訓練會接續 %1 的附加模組，所以它的結構維持原本訓練時的設定。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="993"/>
        <source>With few examples (%1 here), training only the top layers and leaving the lower ones frozen keeps the model from memorising instead of learning. Under 100 examples: try a quarter of the layers.</source>
        <translation>範例少時（這裡有 %1 則），只訓練最上面幾層、凍結底層，可避免模型死背而不是學會。少於 100 則時：試試只訓練四分之一的層。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1011"/>
        <source>Holding out needs at least %1 examples (providers want %2 in each file); this file has %3.</source>
        <translation>保留驗證集至少需要 %1 則範例（服務商要求每個檔案至少 %2 則）；這個檔案有 %3 則。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1022"/>
        <source>%1 % of %2 examples would be %3; %4 are held out, the fewest a provider takes in a file, and %5 are left to learn from.</source>
        <translation>%2 則範例的 %1% 只有 %3 則；實際保留 %4 則（服務商要求每個檔案至少這麼多），剩下 %5 則用來學習。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1068"/>
        <source>Choose a validation file</source>
        <translation>選擇驗證檔</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1069"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines 檔（*.jsonl）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1074"/>
        <source>Checking %1…</source>
        <translation>正在檢查 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1091"/>
        <source>%1 has errors; fix it in the editor first.</source>
        <translation>%1 有錯誤；請先在編輯器中修正。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1096"/>
        <source>%1: %n example(s), no errors</source>
        <translation>
            <numerusform>%1：%n 則範例，沒有錯誤</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1102"/>
        <source>Training settings</source>
        <translation>訓練設定</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1104"/>
        <source>Leave a setting on Auto and the provider picks a sensible value.</source>
        <translation>設定保持「自動」，服務商會選一個合理的值。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1106"/>
        <source>How to train</source>
        <translation>如何訓練</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1108"/>
        <source>Epochs</source>
        <translation>訓練輪數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1109"/>
        <source>Batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1110"/>
        <source>Learning-rate multiplier</source>
        <translation>學習率倍數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1111"/>
        <source>DPO beta</source>
        <translation>DPO beta 值</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1112"/>
        <source>LoRA rank</source>
        <translation>LoRA 秩（rank）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1113"/>
        <source>LoRA alpha</source>
        <translation>LoRA alpha</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1114"/>
        <source>Layers to train</source>
        <translation>要訓練的層數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1115"/>
        <source>Learning rate</source>
        <translation>學習率</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1116"/>
        <source>Evaluations</source>
        <translation>評估次數</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1119"/>
        <source>How many times the model reads all your examples. More can fit them better, too many makes it parrot them.</source>
        <translation>模型把所有範例讀幾遍。多一點能學得更貼近，太多會讓它照抄。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1121"/>
        <source>How many examples it reads before each adjustment. Larger is steadier but slower to react.</source>
        <translation>每調整一次之前讀幾則範例。越大越穩，但反應越慢。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1123"/>
        <source>How big each adjustment is. Lower if the loss jumps around, higher if it barely moves.</source>
        <translation>每次調整的幅度。損失跳動大就調低，幾乎不動就調高。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1125"/>
        <source>How strongly to prefer the chosen answers over the rejected ones. Higher stays closer to the original model.</source>
        <translation>偏好「選中」回答勝過「被拒」回答的強度。越高越貼近原本的模型。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1127"/>
        <source>Size of the small add-on that is trained instead of the whole model. Bigger learns more, needs more memory.</source>
        <translation>取代整個模型、實際被訓練的小型外掛的大小。越大學得越多，也需要更多記憶體。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1129"/>
        <source>How loudly the add-on speaks over the original model; usually one to two times the rank.</source>
        <translation>外掛蓋過原模型的音量；通常是秩的一到兩倍。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1131"/>
        <source>Train only the top layers and keep the lower ones frozen: safer with little data.</source>
        <translation>只訓練最上面幾層、凍結底層：資料少時比較安全。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1133"/>
        <source>How big each adjustment is (Together&apos;s default is 0.00001). Lower if the loss jumps around.</source>
        <translation>每次調整的幅度（Together 預設為 0.00001）。損失上下跳動時請調低。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1135"/>
        <source>How many times the held-out examples are scored during training (Auto: 5).</source>
        <translation>訓練期間用保留範例評分的次數（自動：5 次）。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1143"/>
        <location filename="../../ui/jobs/wizard.py" line="1154"/>
        <source>Auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1144"/>
        <source>LoRA or full fine-tuning</source>
        <translation>LoRA 或完整微調</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1145"/>
        <source>LoRA (a small add-on; cheaper, faster)</source>
        <translation>LoRA（小型外掛；較便宜、較快）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1146"/>
        <source>Full (changes every weight; costs more)</source>
        <translation>完整（調整所有權重；費用較高）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1148"/>
        <source>LoRA suits most uses: style, format, vocabulary. Full fine-tuning can go further when LoRA&apos;s results stop improving.</source>
        <translation>LoRA 適合大多數用途：語氣、格式、用詞。當 LoRA 的結果不再進步時，完整微調可以走得更遠。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1150"/>
        <source>Name and repeatability</source>
        <translation>名稱與可重現性</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1151"/>
        <source>Name suffix</source>
        <translation>名稱後綴</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1152"/>
        <source>e.g. airport-faq (letters, digits, - and _)</source>
        <translation>例如 airport-faq（英文字母、數字、- 和 _）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1153"/>
        <source>Seed</source>
        <translation>亂數種子</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1155"/>
        <source>Validation (to see whether it learns or memorises)</source>
        <translation>驗證（看它是學會了還是死背）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1156"/>
        <source>No validation</source>
        <translation>不驗證</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1157"/>
        <source>Hold out part of my examples (same split every time)</source>
        <translation>保留部分範例做驗證（每次切分都相同）</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1158"/>
        <source>Use a separate file</source>
        <translation>使用另一個檔案</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/wizard.py" line="1159"/>
        <source>Choose file…</source>
        <translation>選擇檔案…</translation>
    </message>
</context>
</TS>
