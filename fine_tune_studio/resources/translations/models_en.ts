<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>LocalModelsBox</name>
    <message numerus="yes">
        <location filename="../../ui/models/local_models_box.py" line="389"/>
        <source>%n fine-tuned model(s) made from it stop working until it is back.</source>
        <translation>
            <numerusform>%n fine-tuned model made from it stops working until it is back.</numerusform>
            <numerusform>%n fine-tuned models made from it stop working until it is back.</numerusform>
        </translation>
    </message>
</context>
</TS>
