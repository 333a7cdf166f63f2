<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DataPage</name>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="440"/>
        <source>This file has %n problem(s) to fix first; it will not be uploaded.</source>
        <translation>
            <numerusform>This file has %n problem to fix first; it will not be uploaded.</numerusform>
            <numerusform>This file has %n problems to fix first; it will not be uploaded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="447"/>
        <source>…and %n more.</source>
        <translation>
            <numerusform>…and %n more.</numerusform>
            <numerusform>…and %n more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="450"/>
        <source>%n example(s), no errors</source>
        <translation>
            <numerusform>%n example, no errors</numerusform>
            <numerusform>%n examples, no errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="453"/>
        <source>%n warning(s) (see the editor)</source>
        <translation>
            <numerusform>%n warning (see the editor)</numerusform>
            <numerusform>%n warnings (see the editor)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message numerus="yes">
        <location filename="../../ui/jobs/panel.py" line="424"/>
        <source>Saved %n result file(s) in %1</source>
        <translation>
            <numerusform>Saved %n result file in %1</numerusform>
            <numerusform>Saved %n result files in %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1289"/>
        <source>%n example(s) held out to measure progress</source>
        <translation>
            <numerusform>%n example held out to measure progress</numerusform>
            <numerusform>%n examples held out to measure progress</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1409"/>
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1411"/>
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1418"/>
        <source>about %1, at the speed of %n earlier job(s) on this provider with this model</source>
        <translation>
            <numerusform>about %1, at the speed of %n earlier job on this provider with this model</numerusform>
            <numerusform>about %1, at the speed of %n earlier jobs on this provider with this model</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1423"/>
        <source>about %1, at the speed of %n earlier job(s) on this provider (other models)</source>
        <translation>
            <numerusform>about %1, at the speed of %n earlier job on this provider (other models)</numerusform>
            <numerusform>about %1, at the speed of %n earlier jobs on this provider (other models)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1438"/>
        <source>%1 (scaled to the engine&apos;s %n core(s))</source>
        <translation>
            <numerusform>%1 (scaled to the engine&apos;s %n core)</numerusform>
            <numerusform>%1 (scaled to the engine&apos;s %n cores)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1656"/>
        <source>%n example(s) with personal data were left out.</source>
        <translation>
            <numerusform>%n example with personal data was left out.</numerusform>
            <numerusform>%n examples with personal data were left out.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message numerus="yes">
        <location filename="../../ui/jobs/wizard.py" line="1096"/>
        <source>%1: %n example(s), no errors</source>
        <translation>
            <numerusform>%1: %n example, no errors</numerusform>
            <numerusform>%1: %n examples, no errors</numerusform>
        </translation>
    </message>
</context>
</TS>
