<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>EngineSetupDialog</name>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="160"/>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="195"/>
        <source>Set up training on this computer</source>
        <translation>設定在這台電腦上訓練</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="162"/>
        <source>Train with the processor (about %1 MB to download, %2 GB on disk)</source>
        <translation>用處理器訓練（約需下載 %1 MB，佔用磁碟 %2 GB）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="167"/>
        <source>Train with the graphics card, %1 (about %2 GB to download, %3 GB on disk; much faster)</source>
        <translation>用顯示卡 %1 訓練（約需下載 %2 GB，佔用磁碟 %3 GB；快得多）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="174"/>
        <source>About %1 MB is downloaded; it takes %2 GB on the disk.</source>
        <translation>約需下載 %1 MB，佔用磁碟 %2 GB。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="179"/>
        <source>Try again</source>
        <translation>再試一次</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="179"/>
        <source>Set up</source>
        <translation>開始設定</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="181"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="182"/>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="188"/>
        <source>Hide details</source>
        <translation>隱藏詳細資料</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="189"/>
        <source>Show details</source>
        <translation>顯示詳細資料</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="197"/>
        <source>Training on this computer needs PyTorch and the Hugging Face libraries. They are downloaded and installed into a folder of their own, %1, which nothing else uses; the rest of the computer is not changed. This takes a few minutes.</source>
        <translation>在這台電腦上訓練需要 PyTorch 和 Hugging Face 的程式庫。它們會下載並安裝到專用的資料夾 %1，不會被其他程式使用，電腦的其他部分也不會有任何變動。這需要幾分鐘。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="203"/>
        <source>Setting up training on this computer…</source>
        <translation>正在設定在這台電腦上訓練…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="205"/>
        <source>Training on this computer is ready</source>
        <translation>已經可以在這台電腦上訓練了</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="207"/>
        <source>Choose “Use this computer” to train your models here.</source>
        <translation>選擇「使用這台電腦」，就能在這裡訓練您的模型。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="210"/>
        <source>Set-up cancelled</source>
        <translation>已取消設定</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="212"/>
        <source>Nothing is removed: “Try again” continues where it stopped.</source>
        <translation>沒有刪除任何東西：按「再試一次」會從中斷的地方繼續。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="215"/>
        <source>Set-up did not finish</source>
        <translation>設定沒有完成</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="226"/>
        <source>The packages could not be downloaded: the internet (or a proxy) did not answer.</source>
        <translation>無法下載套件：網際網路（或 Proxy）沒有回應。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="228"/>
        <source>Check that this computer is online, then choose “Try again”. What was already downloaded is kept.</source>
        <translation>請確認這台電腦已連上網路，再選擇「再試一次」。已經下載的部分會保留。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="231"/>
        <source>The disk is full.</source>
        <translation>磁碟已滿。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="232"/>
        <source>Free at least %1 GB on the disk that holds %2, then choose “Try again”.</source>
        <translation>請在存放 %2 的磁碟上騰出至少 %1 GB 的空間，再選擇「再試一次」。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="237"/>
        <source>A package could not be installed: the package index has no version of it for this computer, or refused it.</source>
        <translation>有一個套件無法安裝：套件庫沒有適用這台電腦的版本，或拒絕提供。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="239"/>
        <source>“Show details” names the package. A newer version of Fine Tune Studio may be needed; until then, a provider such as OpenAI can train your models.</source>
        <translation>按「顯示詳細資料」可以看到是哪個套件。可能需要更新版的 Fine Tune Studio；在那之前，可以改由 OpenAI 等服務商訓練您的模型。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="243"/>
        <source>Python 3.11, 3.12 or 3.13 is needed to run the training, and none was found on this computer.</source>
        <translation>執行訓練需要 Python 3.11、3.12 或 3.13，但這台電腦上找不到。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="245"/>
        <source>Install Python from python.org (on Debian or Ubuntu: sudo apt install python3 python3-venv), then choose “Try again”.</source>
        <translation>請從 python.org 安裝 Python（Debian 或 Ubuntu：sudo apt install python3 python3-venv），再選擇「再試一次」。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="248"/>
        <source>The folder %1 cannot be written.</source>
        <translation>無法寫入資料夾 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="250"/>
        <source>Check that the folder belongs to you, then choose “Try again”.</source>
        <translation>請確認這個資料夾屬於您的帳號，再選擇「再試一次」。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="251"/>
        <source>The installer stopped with an error.</source>
        <translation>安裝程式因錯誤而停止。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="252"/>
        <source>“Show details” shows what it said. Choose “Try again”; if it fails the same way, send those details to support.</source>
        <translation>按「顯示詳細資料」可以看到它的訊息。請選擇「再試一次」；如果又以同樣的方式失敗，請把這些詳細資料寄給技術支援。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="257"/>
        <source>Looking for Python…</source>
        <translation>正在尋找 Python…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="258"/>
        <source>Making the folder for training…</source>
        <translation>正在建立訓練用的資料夾…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="259"/>
        <source>Updating the installer…</source>
        <translation>正在更新安裝程式…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="260"/>
        <source>Installing PyTorch…</source>
        <translation>正在安裝 PyTorch…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="261"/>
        <source>Installing the training libraries…</source>
        <translation>正在安裝訓練用的程式庫…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="262"/>
        <source>Adding Fine Tune Studio&apos;s engine…</source>
        <translation>正在加入 Fine Tune Studio 的引擎…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="263"/>
        <source>Checking that everything works…</source>
        <translation>正在檢查是否一切正常…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="265"/>
        <source>Step %1 of %2: %3</source>
        <translation>第 %1 步，共 %2 步：%3</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="272"/>
        <source>Downloading %1: %2 of %3 MB</source>
        <translation>正在下載 %1：%2 MB／%3 MB</translation>
    </message>
    <message>
        <location filename="../../ui/settings/engine_setup_dialog.py" line="275"/>
        <source>Getting %1</source>
        <translation>正在取得 %1</translation>
    </message>
</context>
<context>
    <name>FirstRunBox</name>
    <message>
        <location filename="../../ui/settings/first_run.py" line="52"/>
        <source>Get started</source>
        <translation>開始使用</translation>
    </message>
    <message>
        <location filename="../../ui/settings/first_run.py" line="55"/>
        <source>Choose where your models are trained. This computer is private and free; a provider such as Together AI, OpenAI or Azure needs an API key from its website.</source>
        <translation>請選擇要在哪裡訓練模型。「這台電腦」私密又免費；Together AI、OpenAI 或 Azure 等服務商則需要從其網站取得 API 金鑰。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/first_run.py" line="60"/>
        <source>Use this computer</source>
        <translation>使用這台電腦</translation>
    </message>
    <message>
        <location filename="../../ui/settings/first_run.py" line="61"/>
        <source>Add a provider with a key…</source>
        <translation>用金鑰新增服務商…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/first_run.py" line="64"/>
        <source>Training on this computer needs the engine add-on (PyTorch and the Hugging Face libraries), which is not installed yet. The app can set it up for you; nothing else on the computer is changed.</source>
        <translation>在這台電腦上訓練需要引擎附加元件（PyTorch 和 Hugging Face 的程式庫），目前尚未安裝。應用程式可以幫您設定好，電腦的其他部分不會有任何變動。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/first_run.py" line="69"/>
        <source>Set up training on this computer…</source>
        <translation>設定在這台電腦上訓練…</translation>
    </message>
</context>
<context>
    <name>KeyStatusBox</name>
    <message>
        <location filename="../../ui/settings/key_status.py" line="39"/>
        <source>Keys are stored safely in this computer&apos;s keyring.</source>
        <translation>金鑰安全地存放在這台電腦的鑰匙圈中。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/key_status.py" line="42"/>
        <source>No secure keyring was found on this computer. Keys are kept only until you quit the app; you will need to paste them again next time.</source>
        <translation>這台電腦上找不到安全的鑰匙圈。金鑰只會保留到您關閉程式為止，下次需要重新貼上。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/key_status.py" line="47"/>
        <source>As you chose, keys are kept in a file that is not encrypted: %1</source>
        <translation>依照您的選擇，金鑰存放在未加密的檔案中：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/key_status.py" line="50"/>
        <source>Checking where keys can be kept safely…</source>
        <translation>正在確認金鑰可以安全存放的位置…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/key_status.py" line="56"/>
        <source>Stop keeping keys in a file</source>
        <translation>停止把金鑰存在檔案中</translation>
    </message>
    <message>
        <location filename="../../ui/settings/key_status.py" line="58"/>
        <source>Keep keys in a file…</source>
        <translation>把金鑰存在檔案中…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/key_status.py" line="69"/>
        <source>Keep keys in a plain file?</source>
        <translation>要把金鑰存在一般檔案中嗎？</translation>
    </message>
    <message>
        <location filename="../../ui/settings/key_status.py" line="70"/>
        <source>The file is not encrypted.</source>
        <translation>這個檔案沒有加密。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/key_status.py" line="73"/>
        <source>Anyone who can read your files, and any program you run, could read your keys and use them at your cost. Only do this on a computer that is yours alone. You can switch it off here at any time.</source>
        <translation>任何能讀取您檔案的人、以及您執行的任何程式，都可能讀到您的金鑰並以您的費用使用。請只在您個人專用的電腦上這麼做。您隨時可以在這裡關閉。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/key_status.py" line="78"/>
        <source>Keep keys in a file</source>
        <translation>存在檔案中</translation>
    </message>
</context>
<context>
    <name>ProviderForm</name>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="159"/>
        <source>Kind</source>
        <translation>類型</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="162"/>
        <source>Where Azure trains</source>
        <translation>Azure 訓練位置</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="163"/>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="164"/>
        <source>Address (base URL)</source>
        <translation>網址（Base URL）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="165"/>
        <source>Azure endpoint</source>
        <translation>Azure 端點</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="167"/>
        <source>API version</source>
        <translation>API 版本</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="168"/>
        <source>Organization (optional)</source>
        <translation>組織（選填）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="169"/>
        <source>Project (optional)</source>
        <translation>專案（選填）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="204"/>
        <source>API key</source>
        <translation>API 金鑰</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="171"/>
        <source>Models to offer first</source>
        <translation>優先列出的模型</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="175"/>
        <source>For example: My OpenAI account</source>
        <translation>例如：我的 OpenAI 帳號</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="182"/>
        <source>Global (cheaper; data and weights may leave the region)</source>
        <translation>全域（較便宜；資料與權重可能離開所在區域）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="183"/>
        <source>Standard (stays in the resource&apos;s region)</source>
        <translation>標準（留在資源所在區域）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="185"/>
        <source>Developer (cheapest; may be paused, no region guarantee)</source>
        <translation>開發人員（最便宜；可能被暫停，不保證區域）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="191"/>
        <source>Use the v1 path</source>
        <translation>使用 v1 路徑</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="193"/>
        <source>Newer Azure resources answer at …/openai/v1/ and need no API version.</source>
        <translation>較新的 Azure 資源使用 …/openai/v1/ 網址，不需要 API 版本。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="204"/>
        <source>API key (optional)</source>
        <translation>API 金鑰（選填）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="206"/>
        <source>A key is saved. Leave empty to keep it, or paste a new one.</source>
        <translation>已儲存金鑰。留空即沿用，或貼上新的金鑰。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="208"/>
        <source>The engine&apos;s access token</source>
        <translation>引擎的存取權杖</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="210"/>
        <source>Only if the service asks for one</source>
        <translation>服務要求時才需要填寫</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="212"/>
        <source>Paste the key from the provider&apos;s website</source>
        <translation>貼上從服務商網站取得的金鑰</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="219"/>
        <source>Trains and runs models on this computer. Private, free and works offline; no key needed.</source>
        <translation>在這台電腦上訓練並執行模型。私密、免費、可離線使用，不需要金鑰。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="223"/>
        <source>The same engine running on another, more powerful computer.</source>
        <translation>在另一台效能更好的電腦上執行的同一套引擎。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="226"/>
        <source>The OpenAI API, with a key from platform.openai.com. What it is closing, and when, is below.</source>
        <translation>OpenAI 的 API，金鑰來自 platform.openai.com。它要關閉哪些服務、何時關閉，請見下方。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="230"/>
        <source>Use the endpoint and a key from your Azure OpenAI or Foundry resource.</source>
        <translation>請使用您 Azure OpenAI 或 Foundry 資源的端點與金鑰。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="233"/>
        <source>Any service that speaks the OpenAI API, at the address it gives you.</source>
        <translation>任何支援 OpenAI API 的服務，填入它提供的網址即可。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="236"/>
        <source>Self-serve fine-tuning of open models (LoRA or full, supervised or DPO) from the same examples; you can download the trained model. Keys are at api.together.ai, under Settings → API keys.</source>
        <translation>用同樣的範例自助微調開放模型（LoRA 或完整、監督式或 DPO），訓練好的模型可以下載。金鑰在 api.together.ai 的「Settings → API keys」。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="253"/>
        <source>%1 (already in force)</source>
        <translation>%1（已生效）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="254"/>
        <source>%1: %2</source>
        <comment>a date, then what happens on it</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="259"/>
        <source>OpenAI is closing self-serve fine-tuning.</source>
        <translation>OpenAI 正在關閉自助微調服務。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="262"/>
        <source>What you can do: train the same examples on This computer (free, private), or on Together AI (add it as a provider). Until those dates your OpenAI fine-tunes keep answering, so you can compare them with the new ones in the playground.</source>
        <translation>您可以：用同樣的範例在這台電腦上訓練（免費、私密），或在 Together AI 訓練（把它加為服務商）。在上述日期之前，您的 OpenAI 微調模型仍會回答，可以在試用區與新模型比較。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="266"/>
        <source>Source: OpenAI&apos;s deprecations page.</source>
        <translation>來源：OpenAI 的淘汰公告頁面。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="273"/>
        <source>Who can still fine-tune on Azure: open models on Azure AI Foundry, through the same API on the v1 path (switch it on below); and the GPT-4.1 family only for subscriptions that already fine-tuned it: new customers have been refused since %1, existing ones keep it until at least %2.</source>
        <translation>在 Azure 還能微調的有：Azure AI Foundry 上的開放模型（透過同一套 API 的 v1 路徑，請在下方開啟）；以及 GPT-4.1 系列，但只限已經微調過它的訂用帳戶：新客戶自 %1 起被拒絕，既有客戶至少可用到 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="298"/>
        <source>Comma-separated, for example %1</source>
        <translation>以逗號分隔，例如 %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="299"/>
        <source>Comma-separated model names, as the service lists them</source>
        <translation>以逗號分隔的模型名稱，照服務列出的寫法</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="416"/>
        <source>Give the provider a name.</source>
        <translation>請為服務商取個名稱。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="425"/>
        <source>Enter the server&apos;s address, starting with https://.</source>
        <translation>請輸入伺服器網址，以 https:// 開頭。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="430"/>
        <source>Enter the Azure endpoint, starting with https://.</source>
        <translation>請輸入 Azure 端點，以 https:// 開頭。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="437"/>
        <source>Enter an API version, or use the v1 path.</source>
        <translation>請輸入 API 版本，或改用 v1 路徑。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="441"/>
        <source>Paste the API key.</source>
        <translation>請貼上 API 金鑰。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="468"/>
        <source>This looks like an API key or token. Keys belong only in the API key field, where they are kept safe; this field is saved as plain text.</source>
        <translation>這看起來像是 API 金鑰或權杖。金鑰只能填在「API 金鑰」欄位，才會被妥善保管；這個欄位是以純文字儲存的。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="484"/>
        <source>The address must start with http:// or https://, for example https://example.com/v1.</source>
        <translation>網址必須以 http:// 或 https:// 開頭，例如 https://example.com/v1。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="487"/>
        <source>The Azure endpoint must start with https://, for example https://my-resource.openai.azure.com.</source>
        <translation>Azure 端點必須以 https:// 開頭，例如 https://my-resource.openai.azure.com。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="490"/>
        <source>The API version looks like 2025-04-01-preview or 2024-10-21.</source>
        <translation>API 版本的格式像是 2025-04-01-preview 或 2024-10-21。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/provider_form.py" line="492"/>
        <source>Please check the fields: %1</source>
        <translation>請檢查欄位：%1</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <location filename="../../ui/settings/panel.py" line="227"/>
        <source>Providers and keys</source>
        <translation>服務商與金鑰</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="228"/>
        <source>Where models are trained and run:</source>
        <translation>訓練與執行模型的地方：</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="229"/>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="230"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="231"/>
        <source>Use this provider</source>
        <translation>使用這個服務商</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="232"/>
        <source>Save</source>
        <translation>儲存</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="233"/>
        <source>Test connection</source>
        <translation>測試連線</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="234"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="235"/>
        <source>Choose another provider</source>
        <translation>改用其他服務商</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="236"/>
        <source>Set up training on this computer…</source>
        <translation>設定在這台電腦上訓練…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="237"/>
        <source>Undo</source>
        <translation>復原</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="238"/>
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="239"/>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="240"/>
        <source>Same as the system</source>
        <translation>跟隨系統</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="257"/>
        <source>Your settings file “%1” could not be read when the app started, so nothing is saved over it. Your changes stay in effect while the app is open. To save again, remove the file, or fix it and start the app again.</source>
        <translation>程式啟動時無法讀取您的設定檔「%1」，因此不會覆寫它。您的變更在程式開啟期間仍然有效。若要再次儲存，請移除該檔案，或修正後重新啟動程式。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="263"/>
        <source>Your settings could not be saved to “%1” (%2). Your changes stay in effect while the app is open, and are saved with the next change once saving works.</source>
        <translation>無法將設定儲存到「%1」（%2）。您的變更在程式開啟期間仍然有效，等到可以儲存時，會隨下一次變更一併存檔。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="273"/>
        <location filename="../../ui/settings/panel.py" line="274"/>
        <source>the disk is full</source>
        <translation>磁碟已滿</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="275"/>
        <location filename="../../ui/settings/panel.py" line="276"/>
        <source>permission denied</source>
        <translation>沒有寫入權限</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="277"/>
        <source>the disk is read-only</source>
        <translation>磁碟為唯讀</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="278"/>
        <source>a folder is in the way</source>
        <translation>有個資料夾擋在那裡</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="285"/>
        <source>New provider</source>
        <translation>新增服務商</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="340"/>
        <source>%1 (in use)</source>
        <translation>%1（使用中）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="449"/>
        <source>Training on this computer is ready.</source>
        <translation>已經可以在這台電腦上訓練了。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="469"/>
        <source>This computer will train your models. It starts when first needed.</source>
        <translation>將由這台電腦訓練您的模型，第一次需要時才會啟動。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="489"/>
        <source>Could not save: %1</source>
        <translation>無法儲存：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="499"/>
        <source>Saved “%1”.</source>
        <translation>已儲存「%1」。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="524"/>
        <source>Removed “%1” and its key.</source>
        <translation>已移除「%1」及其金鑰。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="575"/>
        <source>Starting the engine on this computer…</source>
        <translation>正在這台電腦上啟動引擎…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="577"/>
        <source>Connecting…</source>
        <translation>連線中…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="581"/>
        <source>Test cancelled.</source>
        <translation>已取消測試。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="614"/>
        <source>can be fine-tuned</source>
        <translation>可微調</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="617"/>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="617"/>
        <source>full</source>
        <translation>完整微調</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="618"/>
        <source>/</source>
        <comment>between training types</comment>
        <translation>／</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="621"/>
        <source>your fine-tuned model</source>
        <translation>您微調的模型</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="624"/>
        <source>retired on %1</source>
        <translation>%1 停用</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="626"/>
        <source>, </source>
        <comment>between notes about one model</comment>
        <translation>、</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/settings/panel.py" line="634"/>
        <source>Connected. %n model(s) available:</source>
        <translation>
            <numerusform>連線成功，共有 %n 個模型可用：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="642"/>
        <source>The engine on this computer is running, but there is no base model on this computer yet. Press Get a model… below to download one (for example Qwen2.5-0.5B-Instruct), or Add a model folder… for one you already have. Models are kept in %1.</source>
        <translation>這台電腦上的引擎已在執行，但這台電腦上還沒有基礎模型。請按下方的「取得模型…」下載一個（例如 Qwen2.5-0.5B-Instruct），或按「加入模型資料夾…」加入您已經有的模型。模型存放在 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="651"/>
        <source>Connected, but this provider offers no models to this key yet.</source>
        <translation>連線成功，但這個服務商目前沒有提供任何模型給這組金鑰。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/panel.py" line="663"/>
        <source>The provider said: %1</source>
        <translation>服務商的原始訊息：%1</translation>
    </message>
</context>
</TS>
