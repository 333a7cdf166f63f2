<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>CatalogueCard</name>
    <message>
        <location filename="../../ui/models/card.py" line="122"/>
        <source>Recommended</source>
        <translation>推薦</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="124"/>
        <source>On this computer</source>
        <translation>已在這台電腦上</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="126"/>
        <source>Accept the licence first</source>
        <translation>需先同意授權</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="129"/>
        <source>Its owner lets only people who accepted its licence on Hugging Face download it: you need a free Hugging Face account and a token.</source>
        <translation>擁有者只讓在 Hugging Face 上同意授權條款的人下載：您需要一個免費的 Hugging Face 帳號和存取權杖（token）。</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="131"/>
        <source> · </source>
        <comment>between facts about a model</comment>
        <translation> · </translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="135"/>
        <source>%1 download</source>
        <translation>下載 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="139"/>
        <source>good</source>
        <translation>好</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="140"/>
        <source>fair</source>
        <translation>尚可</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="141"/>
        <source>poor</source>
        <translation>差</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="144"/>
        <source>Languages: %1. Traditional Chinese: %2.</source>
        <translation>語言：%1。繁體中文：%2。</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="155"/>
        <source>With a graphics card (GPU): about %1 of its memory.</source>
        <translation>使用顯示卡（GPU）：約需 %1 顯示記憶體。</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="159"/>
        <source>Training needs about %1 of memory.</source>
        <translation>訓練約需 %1 記憶體。</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="165"/>
        <source>Fits this computer: training needs about %1 of memory, and it has %2.</source>
        <translation>適合這台電腦：訓練約需 %1 記憶體，這台電腦有 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="167"/>
        <source>Tight on this computer: training needs about %1 of memory, and it has %2. Close other programs while it trains.</source>
        <translation>這台電腦的記憶體有點吃緊：訓練約需 %1，這台電腦有 %2。訓練時請關閉其他程式。</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="170"/>
        <source>Too big for this computer&apos;s memory: training needs about %1, and it has %2.</source>
        <translation>超出這台電腦的記憶體：訓練約需 %1，這台電腦只有 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="178"/>
        <source>Not enough free disk space: the download needs %1, and %2 is free.</source>
        <translation>磁碟空間不足：下載需要 %1，目前只剩 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="184"/>
        <source>%1 already downloaded: the download continues from there.</source>
        <translation>已下載 %1：會從那裡繼續下載。</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="193"/>
        <source>%1 %2</source>
        <comment>two sentences in a row</comment>
        <translation>%1%2</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="199"/>
        <source>Downloaded</source>
        <translation>已下載</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="202"/>
        <source>On this computer as “%1”.</source>
        <translation>已在這台電腦上，名稱為「%1」。</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="205"/>
        <source>Downloading…</source>
        <translation>下載中…</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="207"/>
        <source>Continue download</source>
        <translation>繼續下載</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="209"/>
        <source>Download</source>
        <translation>下載</translation>
    </message>
    <message>
        <location filename="../../ui/models/card.py" line="213"/>
        <source>Wait for the download under way to finish.</source>
        <translation>請等目前的下載完成。</translation>
    </message>
</context>
<context>
    <name>GetModelButton</name>
    <message>
        <location filename="../../ui/models/get_model_button.py" line="30"/>
        <source>Get a model…</source>
        <translation>取得模型…</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_button.py" line="31"/>
        <source>Download a base model to this computer, or see the ones it has</source>
        <translation>下載基礎模型到這台電腦，或查看已有的模型</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_button.py" line="36"/>
        <source>There is no base model on this computer yet: press Get a model… to download one (it takes a few minutes, once).</source>
        <translation>這台電腦上還沒有基礎模型：請按「取得模型…」下載一個（只需下載一次，約幾分鐘）。</translation>
    </message>
</context>
<context>
    <name>GetModelDialog</name>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="232"/>
        <source>Get a model</source>
        <translation>取得模型</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="233"/>
        <source>Get a base model for this computer</source>
        <translation>為這台電腦取得基礎模型</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="237"/>
        <source>Any chat model with safetensors weights, by its id or the address of its page.</source>
        <translation>任何含有 safetensors 權重的對話模型，輸入它的名稱或頁面網址即可。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="238"/>
        <source>For example: Qwen/Qwen2.5-3B-Instruct</source>
        <translation>例如：Qwen/Qwen2.5-3B-Instruct</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="239"/>
        <source>Download</source>
        <translation>下載</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="241"/>
        <source>hf_… from your Hugging Face account</source>
        <translation>您 Hugging Face 帳號中的 hf_…</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="242"/>
        <source>Save token</source>
        <translation>儲存權杖</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="243"/>
        <source>Remove token</source>
        <translation>移除權杖</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="245"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="247"/>
        <source>What has arrived is kept: Download continues from there later.</source>
        <translation>已下載的部分會保留：之後按「下載」會從那裡繼續。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="248"/>
        <source>Open the model&apos;s page</source>
        <translation>開啟模型頁面</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="250"/>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="258"/>
        <source>Fine-tuning starts from a base model that already writes well. Pick one to download; it is saved in %1 and can be used offline from then on.</source>
        <translation>微調要從一個已經很會寫的基礎模型開始。請選一個下載；它會存放在 %1，之後離線也能使用。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="263"/>
        <source>This computer: %1 of memory, %2 of free disk space.</source>
        <translation>這台電腦：記憶體 %1，可用磁碟空間 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="267"/>
        <source>Downloads come from %1 (HF_ENDPOINT).</source>
        <translation>下載來源：%1（HF_ENDPOINT）。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="324"/>
        <source>A token is saved in this computer&apos;s keyring.</source>
        <translation>已有一個權杖存放在這台電腦的鑰匙圈中。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="235"/>
        <source>Another model from Hugging Face:</source>
        <translation>Hugging Face 上的其他模型：</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="240"/>
        <source>Hugging Face token:</source>
        <translation>Hugging Face 存取權杖：</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="326"/>
        <source>Only gated models (Llama, Gemma) need a token: create a read token at &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt;.</source>
        <translation>只有需授權的模型（Llama、Gemma）需要權杖：請到 &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt; 建立一個讀取用權杖。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="433"/>
        <source>Downloading %1…</source>
        <translation>正在下載 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="445"/>
        <source>Asking Hugging Face what to download…</source>
        <translation>正在向 Hugging Face 查詢要下載的檔案…</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="449"/>
        <source>Checking the downloaded model…</source>
        <translation>正在檢查下載的模型…</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="456"/>
        <source>%1 of %2 (%3%)</source>
        <translation>%1 / %2（%3%）</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="463"/>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="465"/>
        <source>%1 left</source>
        <translation>剩下 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="468"/>
        <source>continued after %1 downloaded earlier</source>
        <translation>接續先前已下載的 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="472"/>
        <source> · </source>
        <comment>between facts about a download</comment>
        <translation> · </translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="499"/>
        <source>“%1” is on this computer and ready to fine-tune.</source>
        <translation>「%1」已在這台電腦上，可以開始微調了。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="500"/>
        <source>Choose it as the base model when you start training.</source>
        <translation>開始訓練時，請選它當作基礎模型。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="508"/>
        <source>Download of %1 stopped.</source>
        <translation>已停止下載 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="510"/>
        <source>%1 downloaded so far is kept: press Download again to continue from there.</source>
        <translation>已下載的 %1 會保留：再按一次「下載」就會從那裡繼續。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="513"/>
        <source>What has arrived is kept: press Download again to continue from there.</source>
        <translation>已下載的部分會保留：再按一次「下載」就會從那裡繼續。</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="530"/>
        <source>Details: %1</source>
        <translation>詳細資訊：%1</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="537"/>
        <source>The download failed: %1</source>
        <translation>下載失敗：%1</translation>
    </message>
    <message>
        <location filename="../../ui/models/get_model_dialog.py" line="540"/>
        <source>%1 was not downloaded.</source>
        <translation>%1 沒有下載成功。</translation>
    </message>
</context>
<context>
    <name>LocalModelsBox</name>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="154"/>
        <source>Models on this computer</source>
        <translation>這台電腦上的模型</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="155"/>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="155"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="155"/>
        <source>From</source>
        <translation>來源</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="157"/>
        <source>No base model on this computer yet. Get one to start training (Qwen2.5-0.5B-Instruct is a good first choice), or add a model folder you already have.</source>
        <translation>這台電腦上還沒有基礎模型。請取得一個才能開始訓練（Qwen2.5-0.5B-Instruct 很適合當第一個），或加入您已經有的模型資料夾。</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="160"/>
        <source>Get a model…</source>
        <translation>取得模型…</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="161"/>
        <source>Add a model folder…</source>
        <translation>加入模型資料夾…</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="162"/>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="163"/>
        <source>Show in folder</source>
        <translation>在資料夾中顯示</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="164"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="165"/>
        <source>Models folder: %1</source>
        <translation>模型資料夾：%1</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="174"/>
        <source>Downloaded from the list (%1)</source>
        <translation>從清單下載（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="176"/>
        <source>Downloaded from Hugging Face (%1)</source>
        <translation>從 Hugging Face 下載（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="179"/>
        <source>Copied from %1</source>
        <translation>複製自 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="181"/>
        <source>Downloaded from a hosted provider (%1)</source>
        <translation>從雲端服務商下載（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="183"/>
        <source>Put in the models folder by hand</source>
        <translation>手動放進模型資料夾</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="238"/>
        <source>Open the model&apos;s folder</source>
        <translation>開啟這個模型的資料夾</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="238"/>
        <source>Open the models folder</source>
        <translation>開啟模型資料夾</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="255"/>
        <source>Choose a Hugging Face model folder</source>
        <translation>選擇 Hugging Face 模型資料夾</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="283"/>
        <source>Checking %1…</source>
        <translation>正在檢查 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="296"/>
        <source>Copying stopped; nothing was added.</source>
        <translation>已停止複製；沒有加入任何模型。</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="300"/>
        <source>The model could not be copied: %1</source>
        <translation>無法複製模型：%1</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="307"/>
        <source>“%1” is on this computer now, copied from %2.</source>
        <translation>「%1」已在這台電腦上，複製自 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="317"/>
        <source>Copying: %1 of %2</source>
        <translation>複製中：%1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="336"/>
        <source>Asking the engine whether a training job uses “%1”…</source>
        <translation>正在詢問引擎是否有訓練工作正在使用「%1」…</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="341"/>
        <source>“%1” cannot be removed now: training job %2 uses it. Wait for it to finish, or cancel it under Training, then remove the model.</source>
        <translation>現在無法移除「%1」：訓練工作 %2 正在使用它。請等工作完成，或在「訓練」中取消它，再移除這個模型。</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="354"/>
        <source>“%1” could not be removed: %2</source>
        <translation>無法移除「%1」：%2</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="359"/>
        <source>Removed “%1”.</source>
        <translation>已移除「%1」。</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="381"/>
        <source>Remove a model</source>
        <translation>移除模型</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="382"/>
        <source>Remove “%1” from this computer?</source>
        <translation>要從這台電腦移除「%1」嗎？</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="383"/>
        <source>Its files (%1) are deleted from %2.</source>
        <translation>它的檔案（%1）會從 %2 刪除。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/local_models_box.py" line="389"/>
        <source>%n fine-tuned model(s) made from it stop working until it is back.</source>
        <translation>
            <numerusform>以它微調出的 %n 個模型在它放回來之前都無法使用。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="392"/>
        <source>You can download it again at any time.</source>
        <translation>之後隨時可以再下載。</translation>
    </message>
    <message>
        <location filename="../../ui/models/local_models_box.py" line="394"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
</TS>
