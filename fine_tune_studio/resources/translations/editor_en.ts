<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>EditorPanel</name>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="750"/>
        <source>The editor closed unexpectedly while you were working on %1. Its last state (saved automatically at %2, %n line(s)) can be restored.</source>
        <translation>
            <numerusform>The editor closed unexpectedly while you were working on %1. Its last state (saved automatically at %2, %n line) can be restored.</numerusform>
            <numerusform>The editor closed unexpectedly while you were working on %1. Its last state (saved automatically at %2, %n lines) can be restored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="913"/>
        <source>%Ln line(s)</source>
        <translation>
            <numerusform>%Ln line</numerusform>
            <numerusform>%Ln lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="916"/>
        <source>%1 of %Ln line(s) shown</source>
        <translation>
            <numerusform>%1 of %Ln line shown</numerusform>
            <numerusform>%1 of %Ln lines shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="1128"/>
        <source>System prompt applied to %n example(s).</source>
        <translation>
            <numerusform>System prompt applied to %n example.</numerusform>
            <numerusform>System prompt applied to %n examples.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="1228"/>
        <source>Exported %n example(s).</source>
        <translation>
            <numerusform>Exported %n example.</numerusform>
            <numerusform>Exported %n examples.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/panel.py" line="1230"/>
        <source>Exported %n example(s): %1 for training, %2 for validation.</source>
        <translation>
            <numerusform>Exported %n example: %1 for training, %2 for validation.</numerusform>
            <numerusform>Exported %n examples: %1 for training, %2 for validation.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <location filename="../../ui/editor/export_dialog.py" line="112"/>
        <source>%n example(s) will be exported.</source>
        <translation>
            <numerusform>%n example will be exported.</numerusform>
            <numerusform>%n examples will be exported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/export_dialog.py" line="115"/>
        <source>%n example(s) with errors are left out; fix them to include them.</source>
        <translation>
            <numerusform>%n example with errors is left out; fix it to include it.</numerusform>
            <numerusform>%n examples with errors are left out; fix them to include them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <location filename="../../ui/editor/import_dialog.py" line="325"/>
        <source>%n row(s) become examples.</source>
        <translation>
            <numerusform>%n row becomes an example.</numerusform>
            <numerusform>%n rows become examples.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/import_dialog.py" line="329"/>
        <source>%n row(s) have problems and will not be added (rows %1); fix them in the spreadsheet or add them by hand.</source>
        <translation>
            <numerusform>%n row has a problem and will not be added (row %1); fix it in the spreadsheet or add it by hand.</numerusform>
            <numerusform>%n rows have problems and will not be added (rows %1); fix them in the spreadsheet or add them by hand.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/import_dialog.py" line="336"/>
        <source>%n empty row(s) left out.</source>
        <translation>
            <numerusform>%n empty row left out.</numerusform>
            <numerusform>%n empty rows left out.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrivacyDialog</name>
    <message numerus="yes">
        <location filename="../../ui/editor/privacy_dialog.py" line="225"/>
        <source>%n possible personal detail(s) or secret(s) found in the examples: national ID numbers, phone numbers, e-mail addresses, card numbers or keys. A fine-tuned model can repeat them to anyone who asks.</source>
        <translation>
            <numerusform>%n possible personal detail or secret found in the examples: national ID numbers, phone numbers, e-mail addresses, card numbers or keys. A fine-tuned model can repeat them to anyone who asks.</numerusform>
            <numerusform>%n possible personal details or secrets found in the examples: national ID numbers, phone numbers, e-mail addresses, card numbers or keys. A fine-tuned model can repeat them to anyone who asks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/privacy_dialog.py" line="234"/>
        <source>Double-click one to fix it in the editor, leave out the %n example(s) that hold them, or go on knowingly.</source>
        <translation>
            <numerusform>Double-click one to fix it in the editor, leave out the %n example that holds them, or go on knowingly.</numerusform>
            <numerusform>Double-click one to fix it in the editor, leave out the %n examples that hold them, or go on knowingly.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message numerus="yes">
        <location filename="../../ui/editor/problems.py" line="173"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/editor/problems.py" line="174"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
</context>
</TS>
