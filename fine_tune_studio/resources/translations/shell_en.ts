<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ServiceErrors</name>
    <message numerus="yes">
        <location filename="../../ui/errors.py" line="317"/>
        <source>The provider asks to wait %n second(s).</source>
        <translation>
            <numerusform>The provider asks to wait %n second.</numerusform>
            <numerusform>The provider asks to wait %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>
