<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="274"/>
        <source>Your settings file was written by a newer version of Fine Tune Studio, so this version starts with default settings.</source>
        <translation>您的設定檔是由較新版本的 Fine Tune Studio 寫入的，因此這個版本改用預設設定啟動。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="280"/>
        <source>Your settings file holds values this version cannot use, so it starts with default settings.</source>
        <translation>您的設定檔含有這個版本無法使用的值，因此改用預設設定啟動。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="286"/>
        <source>A folder stands where your settings file should be, so the app starts with default settings.</source>
        <translation>設定檔的位置上是一個資料夾，因此程式改用預設設定啟動。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="292"/>
        <source>Your settings file could not be read, so the app starts with default settings.</source>
        <translation>無法讀取您的設定檔，因此程式改用預設設定啟動。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="297"/>
        <source>Your settings file is damaged, so the app starts with default settings.</source>
        <translation>您的設定檔已損壞，因此程式改用預設設定啟動。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="301"/>
        <source>The old file was kept as “%1”; nothing in it was deleted.</source>
        <translation>舊檔案已保留為「%1」，裡面的內容都沒有刪除。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="305"/>
        <source>The file was left as it is at “%1” and nothing will be saved over it. Fix or remove it, then start the app again; until then, changes are not saved.</source>
        <translation>該檔案維持原樣留在「%1」，不會被覆寫。請修正或移除它，再重新啟動程式；在那之前，所有變更都不會儲存。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="321"/>
        <source>Settings could not be read</source>
        <translation>無法讀取設定</translation>
    </message>
</context>
<context>
    <name>ErrorDialogs</name>
    <message>
        <location filename="../../ui/excepthook.py" line="122"/>
        <source>Fine Tune Studio</source>
        <translation>Fine Tune Studio 微調工作室</translation>
    </message>
    <message>
        <location filename="../../ui/excepthook.py" line="126"/>
        <source>The provider said: %1</source>
        <translation>服務商的原始訊息：%1</translation>
    </message>
    <message>
        <location filename="../../ui/excepthook.py" line="130"/>
        <source>Details were written to %1</source>
        <translation>詳細資訊已寫入 %1</translation>
    </message>
    <message>
        <location filename="../../ui/excepthook.py" line="140"/>
        <source>Choose another provider</source>
        <translation>改用其他服務商</translation>
    </message>
</context>
<context>
    <name>ErrorLabel</name>
    <message>
        <location filename="../../ui/widgets/error_label.py" line="95"/>
        <source>Open %1</source>
        <translation>開啟 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/error_label.py" line="99"/>
        <source>The provider said: %1</source>
        <translation>服務商的原始訊息：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/error_label.py" line="101"/>
        <source>Hide details</source>
        <translation>隱藏詳細資料</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/error_label.py" line="101"/>
        <source>Details</source>
        <translation>詳細資料</translation>
    </message>
</context>
<context>
    <name>HelpLanguage</name>
    <message>
        <location filename="../../ui/help.py" line="56"/>
        <source>en</source>
        <translation>zh_TW</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <location filename="../../ui/help.py" line="98"/>
        <source>Fine Tune Studio help</source>
        <translation>Fine Tune Studio 說明</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="100"/>
        <source>Getting started</source>
        <translation>入門</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="101"/>
        <source>Which method fits?</source>
        <translation>哪種方法適合？</translation>
    </message>
    <message>
        <location filename="../../ui/help.py" line="102"/>
        <source>How many examples?</source>
        <translation>需要多少則範例？</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="270"/>
        <source>Fine Tune Studio</source>
        <translation>Fine Tune Studio 微調工作室</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="271"/>
        <location filename="../../ui/self_test.py" line="167"/>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272"/>
        <source>&amp;Edit</source>
        <translation>編輯(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="273"/>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="274"/>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="280"/>
        <source>&amp;Getting started</source>
        <translation>入門(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="281"/>
        <source>Which &amp;method fits?</source>
        <translation>哪種方法適合？(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="285"/>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="286"/>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="287"/>
        <source>Same as the system</source>
        <translation>跟隨系統</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="290"/>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="291"/>
        <source>&amp;About Fine Tune Studio</source>
        <translation>關於 Fine Tune Studio(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="78"/>
        <source>About Fine Tune Studio</source>
        <translation>關於 Fine Tune Studio</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="80"/>
        <source>Fine Tune Studio %1</source>
        <translation>Fine Tune Studio %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84"/>
        <source>Write example conversations, fine-tune a model on them and compare it with the base model — on this computer or with a provider you choose.</source>
        <translation>撰寫範例對話、用它們微調模型，再和基礎模型比較——在這台電腦上，或透過您選擇的服務商。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="282"/>
        <source>How many e&amp;xamples?</source>
        <translation>需要多少則範例？(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="305"/>
        <source>A fine-tuning job has ended</source>
        <translation>有一項微調工作已結束</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="382"/>
        <source>No provider chosen</source>
        <translation>尚未選擇服務商</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="385"/>
        <source>Provider: %1</source>
        <translation>服務商：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="394"/>
        <source>Starting the engine on this computer…</source>
        <translation>正在這台電腦上啟動引擎…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="395"/>
        <source>The engine on this computer is running.</source>
        <translation>這台電腦上的引擎正在執行。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="396"/>
        <source>The engine on this computer did not start.</source>
        <translation>這台電腦上的引擎沒有啟動。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="397"/>
        <source>The engine on this computer has stopped.</source>
        <translation>這台電腦上的引擎已停止。</translation>
    </message>
</context>
<context>
    <name>ModelLabel</name>
    <message>
        <location filename="../../ui/model_label.py" line="16"/>
        <source>{name} · step {step}</source>
        <comment>a fine-tune&apos;s checkpoint</comment>
        <translation>{name}・第 {step} 步</translation>
    </message>
    <message>
        <location filename="../../ui/model_label.py" line="18"/>
        <source>{base} fine-tune</source>
        <comment>a fine-tune its user gave no name</comment>
        <translation>{base} 微調模型</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <location filename="../../ui/notices.py" line="102"/>
        <source>Show in Training</source>
        <translation>到「訓練」查看</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="103"/>
        <location filename="../../ui/notices.py" line="104"/>
        <source>Dismiss</source>
        <translation>關閉</translation>
    </message>
</context>
<context>
    <name>NumberField</name>
    <message>
        <location filename="../../ui/widgets/number_field.py" line="108"/>
        <source>%1 is more than %2 accepts (at most %3).</source>
        <translation>%1 超過上限（%2：最多 %3）。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/number_field.py" line="111"/>
        <source>%1 is less than %2 accepts (at least %3).</source>
        <translation>%1 低於下限（%2：至少 %3）。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/number_field.py" line="118"/>
        <source>Type a whole number, for example %1.</source>
        <translation>請輸入整數，例如 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/number_field.py" line="119"/>
        <source>Type a number, for example %1.</source>
        <translation>請輸入數字，例如 %1。</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../../ui/panels.py" line="40"/>
        <source>Examples</source>
        <translation>範例</translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="41"/>
        <source>Training</source>
        <translation>訓練</translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="42"/>
        <source>Try it</source>
        <translation>試用</translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="43"/>
        <source>Evaluate</source>
        <translation>評估</translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="44"/>
        <source>Providers</source>
        <translation>服務商</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <location filename="../../ui/widgets/secret_field.py" line="68"/>
        <source>Hide</source>
        <translation>隱藏</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/secret_field.py" line="68"/>
        <source>Show</source>
        <translation>顯示</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/secret_field.py" line="69"/>
        <source>Show or hide the key</source>
        <translation>顯示或隱藏金鑰</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/secret_field.py" line="70"/>
        <source>Paste</source>
        <translation>貼上</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/secret_field.py" line="71"/>
        <source>Paste the key from the clipboard</source>
        <translation>從剪貼簿貼上金鑰</translation>
    </message>
</context>
<context>
    <name>ServiceErrors</name>
    <message>
        <location filename="../../ui/errors.py" line="71"/>
        <source>This computer&apos;s engine did not start</source>
        <translation>這台電腦的引擎沒有啟動</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="72"/>
        <source>The training engine on this computer could not be started, so there is nothing to connect to yet.</source>
        <translation>這台電腦上的訓練引擎無法啟動，所以目前沒有可以連線的對象。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="77"/>
        <source>Check that the engine add-on is installed and that the computer has free memory, then try again. The log file has the details.</source>
        <translation>請確認已安裝引擎附加元件、電腦也有足夠的可用記憶體，然後再試一次。詳細資訊請見記錄檔。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="135"/>
        <source>The key was not accepted</source>
        <translation>金鑰未被接受</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="136"/>
        <source>The provider did not accept this API key. It may be mistyped, revoked or meant for another provider.</source>
        <translation>服務商不接受這組 API 金鑰。它可能打錯了、已被撤銷，或屬於其他服務商。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="141"/>
        <source>Copy the key again from the provider&apos;s website, paste it into this provider&apos;s key field and test the connection again.</source>
        <translation>請從服務商網站重新複製金鑰，貼到這個服務商的金鑰欄位，再測試一次連線。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="148"/>
        <source>OpenAI fine-tuning is closed to you</source>
        <translation>您無法再使用 OpenAI 微調</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="162"/>
        <source>This key may not do that</source>
        <translation>這組金鑰沒有這項權限</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="163"/>
        <source>The provider recognised the key but refused the request: the key, project or organisation lacks permission for it.</source>
        <translation>服務商認得這組金鑰，但拒絕了這個要求：金鑰、專案或組織沒有相應的權限。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="168"/>
        <source>Ask the account owner to grant access, check the organisation and project fields, or use another provider.</source>
        <translation>請帳號管理者開放權限、檢查組織與專案欄位，或改用其他服務商。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="176"/>
        <source>Model not available</source>
        <translation>無法使用此模型</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="177"/>
        <source>The provider does not offer this model to your account, or it has been retired.</source>
        <translation>服務商沒有為您的帳號提供這個模型，或它已經停用。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="181"/>
        <source>Test the connection to see the models you can use, then pick one of them.</source>
        <translation>請測試連線，查看可以使用的模型，再從中挑選一個。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="225"/>
        <source>Not found</source>
        <translation>找不到</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="226"/>
        <source>The provider could not find what was asked for. The address may be wrong, or the item was deleted.</source>
        <translation>服務商找不到所要求的項目。可能是網址有誤，或該項目已被刪除。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="231"/>
        <source>Check the provider&apos;s address (for Azure: the endpoint and the API version) and try again.</source>
        <translation>請檢查服務商的網址（Azure 請檢查端點與 API 版本），然後再試一次。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/errors.py" line="317"/>
        <source>The provider asks to wait %n second(s).</source>
        <translation>
            <numerusform>服務商要求等待 %n 秒。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="238"/>
        <source>Too many requests</source>
        <translation>要求太頻繁</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="84"/>
        <source>No key saved for this provider</source>
        <translation>這個服務商沒有儲存金鑰</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="85"/>
        <source>There is no key saved for this provider on this computer, so nothing was sent to it.</source>
        <translation>這台電腦沒有儲存這個服務商的金鑰，所以沒有傳送任何資料給它。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="90"/>
        <source>Add the key in Settings: open this provider and paste the key from the provider&apos;s website.</source>
        <translation>請到「設定」加入金鑰：開啟這個服務商，貼上從服務商網站取得的金鑰。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="97"/>
        <source>The conversation is too long for this model</source>
        <translation>對話太長，這個模型無法讀取</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="98"/>
        <source>The model cannot read this whole conversation at once.</source>
        <translation>模型無法一次讀完整段對話。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="101"/>
        <source>Start a new conversation, or remove earlier turns and keep only the latest question.</source>
        <translation>請開始新的對話，或刪除較早的幾輪，只保留最新的提問。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="108"/>
        <source>The engine did not accept the token</source>
        <translation>引擎不接受這個存取權杖</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="109"/>
        <source>The engine on that computer refused the access token saved here. It changes whenever the engine is started without --token.</source>
        <translation>那台電腦上的引擎拒絕了這裡儲存的存取權杖。引擎若未加上 --token 啟動，每次啟動時權杖都會改變。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="114"/>
        <source>On the computer running it, “fine-tune-studio engine serve” prints its access token when it starts (see docs/engine.md). Copy it from there into this provider&apos;s key field and test the connection again.</source>
        <translation>在執行引擎的電腦上，「fine-tune-studio engine serve」啟動時會印出存取權杖（請參閱 docs/engine.md）。請從那裡複製到這個服務商的金鑰欄位，再重新測試連線。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="122"/>
        <source>No token saved for this engine</source>
        <translation>這個引擎沒有儲存存取權杖</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="123"/>
        <source>There is no access token saved for this engine, so nothing was sent to it.</source>
        <translation>這個引擎沒有儲存存取權杖，所以沒有傳送任何資料給它。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="127"/>
        <source>On the computer running it, “fine-tune-studio engine serve” prints its access token when it starts (see docs/engine.md). Paste it into this provider&apos;s key field in Settings.</source>
        <translation>在執行引擎的電腦上，「fine-tune-studio engine serve」啟動時會印出存取權杖（請參閱 docs/engine.md）。請把它貼到「設定」中這個服務商的金鑰欄位。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="149"/>
        <source>OpenAI no longer lets this organisation start fine-tuning jobs, and from 6 January 2027 it lets nobody.</source>
        <translation>OpenAI 已不允許這個組織建立微調工作，而自 2027 年 1 月 6 日起任何人都不行。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="154"/>
        <source>Train the same examples on This computer, or on Together AI (add it in Settings). Your examples stay as they are.</source>
        <translation>用同樣的範例在這台電腦上訓練，或在 Together AI 訓練（到「設定」加入）。您的範例維持不變。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="187"/>
        <source>No credit left</source>
        <translation>已無可用額度</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="188"/>
        <source>The provider refused because the account has no credit (or has reached its spending limit).</source>
        <translation>服務商拒絕了請求，因為帳戶已沒有額度（或已達消費上限）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="193"/>
        <source>Add credit or raise the limit on the provider&apos;s billing page, then try again.</source>
        <translation>請到服務商的帳務頁面加值或提高上限，然後再試一次。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="199"/>
        <source>This model cannot be fine-tuned here</source>
        <translation>這裡無法微調這個模型</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="200"/>
        <source>The provider offers this model for chatting, but does not fine-tune it.</source>
        <translation>服務商提供這個模型對話，但不提供微調。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="204"/>
        <source>Choose one of the models the wizard lists as fine-tunable (Test connection in Settings lists them too).</source>
        <translation>請從精靈列出可微調的模型中選擇一個（在「設定」中測試連線也會列出）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="211"/>
        <source>This model needs its own endpoint</source>
        <translation>這個模型需要專屬端點</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="212"/>
        <source>The provider does not answer with this model on demand: it answers only on a dedicated endpoint, which is not running.</source>
        <translation>服務商不會隨時用這個模型回答：它只在專屬端點上回答，而該端點目前沒有執行。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="217"/>
        <source>Start a dedicated endpoint for it on the provider&apos;s website (it is billed by the minute while it runs), then try again. Or download the model and run it on This computer.</source>
        <translation>請到服務商網站為它啟動專屬端點（執行期間按分鐘計費），然後再試一次。或是下載模型，在這台電腦上執行。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="239"/>
        <source>The provider is limiting how fast or how much you can use it, or the account has run out of credit.</source>
        <translation>服務商正在限制使用速度或用量，或帳號的額度已經用完。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="244"/>
        <source>Wait a moment and try again. If it keeps happening, check the account&apos;s usage limits and billing.</source>
        <translation>請稍候再試。如果一直發生，請檢查帳號的用量上限與帳單。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="251"/>
        <source>The provider had a problem</source>
        <translation>服務商發生問題</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="252"/>
        <source>The provider&apos;s server failed to answer properly. This is usually on their side and temporary.</source>
        <translation>服務商的伺服器沒有正常回應。這通常是對方的暫時性問題。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="257"/>
        <source>Try again in a few minutes.</source>
        <translation>請過幾分鐘再試。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="260"/>
        <source>Cannot reach the provider</source>
        <translation>無法連上服務商</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="261"/>
        <source>The app could not connect. The computer may be offline, the address may be wrong, or a firewall or proxy is in the way.</source>
        <translation>程式無法連線。可能是電腦沒有連上網路、網址有誤，或被防火牆、代理伺服器擋住。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="266"/>
        <source>Check the internet connection and the provider&apos;s address, then try again.</source>
        <translation>請檢查網路連線與服務商網址，然後再試一次。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="272"/>
        <source>The provider took too long</source>
        <translation>服務商回應太慢</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="273"/>
        <source>No answer came in time.</source>
        <translation>在時限內沒有收到回應。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="274"/>
        <source>Try again. If the provider is a computer you run, check that it is switched on and not overloaded.</source>
        <translation>請再試一次。如果服務商是您自己架設的電腦，請確認它已開機且沒有過載。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="322"/>
        <source>The field concerned: %1.</source>
        <translation>相關欄位：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="336"/>
        <source>This conversation is about %1 tokens; the model takes at most %2.</source>
        <translation>這段對話大約有 %1 個 token；模型最多只能讀取 %2 個。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="339"/>
        <source>This conversation is about %1 tokens, more than the model takes.</source>
        <translation>這段對話大約有 %1 個 token，超過模型能讀取的長度。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="343"/>
        <source>This conversation is %1 tokens; the model takes at most %2.</source>
        <translation>這段對話有 %1 個 token；模型最多只能讀取 %2 個。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="347"/>
        <source>The model takes at most %1 tokens.</source>
        <translation>模型最多只能讀取 %1 個 token。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="281"/>
        <source>The provider rejected the request</source>
        <translation>服務商拒絕了這個要求</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="282"/>
        <source>Something in the request is not acceptable to this provider.</source>
        <translation>要求中有內容是這個服務商無法接受的。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="285"/>
        <source>Check the settings for this provider and the model you chose.</source>
        <translation>請檢查這個服務商的設定，以及您選擇的模型。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="290"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="291"/>
        <source>The operation was cancelled before it finished.</source>
        <translation>操作在完成前就被取消了。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="295"/>
        <source>Something went wrong</source>
        <translation>發生錯誤</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="296"/>
        <source>An unexpected problem stopped this operation.</source>
        <translation>一個意外的問題中斷了這項操作。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="297"/>
        <source>Try again. If it happens again, send the log file to whoever supports you; it never contains your keys.</source>
        <translation>請再試一次。如果再次發生，請把記錄檔寄給協助您的人；記錄檔絕不會包含您的金鑰。</translation>
    </message>
</context>
</TS>
