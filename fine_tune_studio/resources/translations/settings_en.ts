<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>SettingsPanel</name>
    <message numerus="yes">
        <location filename="../../ui/settings/panel.py" line="634"/>
        <source>Connected. %n model(s) available:</source>
        <translation>
            <numerusform>Connected. %n model available:</numerusform>
            <numerusform>Connected. %n models available:</numerusform>
        </translation>
    </message>
</context>
</TS>
