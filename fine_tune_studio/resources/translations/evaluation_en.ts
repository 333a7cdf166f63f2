<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>EvaluationPanel</name>
    <message numerus="yes">
        <location filename="../../ui/evaluation/panel.py" line="346"/>
        <source>%n test question(s) are also in the training file: %1</source>
        <translation>
            <numerusform>%n test question is also in the training file: %1</numerusform>
            <numerusform>%n test questions are also in the training file: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/evaluation/panel.py" line="351"/>
        <source>%n test question(s).</source>
        <translation>
            <numerusform>%n test question.</numerusform>
            <numerusform>%n test questions.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/evaluation/panel.py" line="605"/>
        <source>%n answer(s) failed (Continue the run tries them again)</source>
        <translation>
            <numerusform>%n answer failed (Continue the run tries it again)</numerusform>
            <numerusform>%n answers failed (Continue the run tries them again)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message numerus="yes">
        <location filename="../../ui/evaluation/report_view.py" line="285"/>
        <source>The AI judge rated %n pair(s); none was also rated by a reviewer.</source>
        <translation>
            <numerusform>The AI judge rated %n pair; no reviewer rated it.</numerusform>
            <numerusform>The AI judge rated %n pairs; none was also rated by a reviewer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/evaluation/report_view.py" line="289"/>
        <source>The AI judge agrees with the reviewers on %1% of %n vote(s) (Cohen&apos;s kappa %2).</source>
        <translation>
            <numerusform>The AI judge agrees with the reviewers on %1% of %n vote (Cohen&apos;s kappa %2).</numerusform>
            <numerusform>The AI judge agrees with the reviewers on %1% of %n votes (Cohen&apos;s kappa %2).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message numerus="yes">
        <location filename="../../ui/evaluation/review.py" line="231"/>
        <source>%n of %1 rated by you.</source>
        <translation>
            <numerusform>%n of %1 rated by you.</numerusform>
            <numerusform>%n of %1 rated by you.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SetAsideDialog</name>
    <message numerus="yes">
        <location filename="../../ui/evaluation/set_aside_dialog.py" line="170"/>
        <source>%n example(s) move to %1; %2 stay for training.</source>
        <translation>
            <numerusform>%n example moves to %1; %2 stay for training.</numerusform>
            <numerusform>%n examples move to %1; %2 stay for training.</numerusform>
        </translation>
    </message>
</context>
</TS>
