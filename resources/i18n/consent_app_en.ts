<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ConsentPage</name>
    <message numerus="yes">
        <source>%n item(s) still need an answer before you can go on.</source>
        <translation>
            <numerusform>%n item still needs an answer before you can go on.</numerusform>
            <numerusform>%n items still need an answer before you can go on.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message numerus="yes">
        <source>Resume a paused session (%n)…</source>
        <translation>
            <numerusform>Resume a paused session (%n)…</numerusform>
            <numerusform>Resume a paused session (%n)…</numerusform>
        </translation>
    </message>
</context>
</TS>
