<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>PrivacyDialog</name>
    <message numerus="yes">
        <location filename="../../ui/editor/privacy_dialog.py" line="224"/>
        <source>%n possible personal detail(s) or secret(s) found in the examples: national ID numbers, phone numbers, e-mail addresses, card numbers or keys. A fine-tuned model can repeat them to anyone who asks.</source>
        <translation>
            <numerusform>%n possible personal detail or secret found in the examples: national ID numbers, phone numbers, e-mail addresses, card numbers or keys. A fine-tuned model can repeat them to anyone who asks.</numerusform>
            <numerusform>%n possible personal details or secrets found in the examples: national ID numbers, phone numbers, e-mail addresses, card numbers or keys. A fine-tuned model can repeat them to anyone who asks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/privacy_dialog.py" line="233"/>
        <source>Double-click one to fix it in the editor, leave out the %n example(s) that hold them, or go on knowingly.</source>
        <translation>
            <numerusform>Double-click one to fix it in the editor, leave out the %n example that holds them, or go on knowingly.</numerusform>
            <numerusform>Double-click one to fix it in the editor, leave out the %n examples that hold them, or go on knowingly.</numerusform>
        </translation>
    </message>
</context>
</TS>
