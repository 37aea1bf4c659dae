<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>tgc::MainWindow</name>
    <message>
        <source>TGC Annotator</source>
        <translation>TGC Annotator</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>Bild ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;DICOM or dataset folder…</source>
        <translation>&amp;DICOM- oder Datensatzordner öffnen…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>&amp;Einpassen</translation>
    </message>
    <message>
        <source>&amp;1:1</source>
        <translation>&amp;1:1</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About TGC Annotator</source>
        <translation>&amp;Über TGC Annotator</translation>
    </message>
    <message>
        <source>About TGC Annotator</source>
        <translation>Über TGC Annotator</translation>
    </message>
    <message>
        <source>TGC Annotator: text-guided annotation of medical images.</source>
        <translation>TGC Annotator: textgeführte Annotation medizinischer Bilder.</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Fälle</translation>
    </message>
    <message>
        <source>The clinical report of this case: it guides the model.</source>
        <translation>Der klinische Befund dieses Falls: Er leitet das Modell.</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>x %1  y %2  z %3</source>
        <translation>x %1  y %2  z %3</translation>
    </message>
    <message>
        <source>Value %1</source>
        <translation>Wert %1</translation>
    </message>
    <message>
        <source>Slice %1/%2</source>
        <translation>Schicht %1/%2</translation>
    </message>
    <message>
        <source>x –  y –  z –</source>
        <translation>x –  y –  z –</translation>
    </message>
    <message>
        <source>Value –</source>
        <translation>Wert –</translation>
    </message>
    <message>
        <source>Slice –</source>
        <translation>Schicht –</translation>
    </message>
    <message>
        <source>Zoom %1 %</source>
        <translation>Zoom %1 %</translation>
    </message>
    <message>
        <source>Cannot open image</source>
        <translation>Bild kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1: no such file or folder</source>
        <translation>%1: Datei oder Ordner nicht gefunden</translation>
    </message>
    <message>
        <source>Cannot open dataset</source>
        <translation>Datensatz kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Images (*.dcm *.nii *.nii.gz *.mha *.mhd *.png *.jpg *.jpeg *.tif *.tiff);;All files (*)</source>
        <translation>Bilder (*.dcm *.nii *.nii.gz *.mha *.mhd *.png *.jpg *.jpeg *.tif *.tiff);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open DICOM or dataset folder</source>
        <translation>DICOM- oder Datensatzordner öffnen</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>Loading %1 cancelled</source>
        <translation>Laden von %1 abgebrochen</translation>
    </message>
    <message>
        <source>%1 — TGC Annotator</source>
        <translation>%1 — TGC Annotator</translation>
    </message>
    <message>
        <source>%1: %2 × %3 × %4, %5</source>
        <translation>%1: %2 × %3 × %4, %5</translation>
    </message>
    <message>
        <source>no modality</source>
        <translation>keine Modalität</translation>
    </message>
</context>
<context>
    <name>tgc::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Die Sprache wechselt beim nächsten Start.</translation>
    </message>
</context>
<context>
    <name>tgc::SliceView</name>
    <message>
        <source>Axial</source>
        <translation>Axial</translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation>Koronar</translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation>Sagittal</translation>
    </message>
    <message>
        <source>%1  %2/%3</source>
        <translation>%1  %2/%3</translation>
    </message>
    <message>
        <source>W %1  L %2</source>
        <translation>W %1  L %2</translation>
    </message>
    <message>
        <source>Open an image (Ctrl+O), or a DICOM or dataset folder (Ctrl+Shift+O)</source>
        <translation>Bild öffnen (Strg+O) oder einen DICOM- oder Datensatzordner (Strg+Umschalt+O)</translation>
    </message>
</context>
<context>
    <name>tgc::ToolsPanel</name>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>Lung</source>
        <translation>Lunge</translation>
    </message>
    <message>
        <source>W 1500 / L -600 (key 1)</source>
        <translation>W 1500 / L -600 (Taste 1)</translation>
    </message>
    <message>
        <source>Abdomen</source>
        <translation>Abdomen</translation>
    </message>
    <message>
        <source>W 400 / L 40 (key 2)</source>
        <translation>W 400 / L 40 (Taste 2)</translation>
    </message>
    <message>
        <source>Bone</source>
        <translation>Knochen</translation>
    </message>
    <message>
        <source>W 1800 / L 400 (key 3)</source>
        <translation>W 1800 / L 400 (Taste 3)</translation>
    </message>
    <message>
        <source>Brain</source>
        <translation>Gehirn</translation>
    </message>
    <message>
        <source>W 80 / L 40 (key 4)</source>
        <translation>W 80 / L 40 (Taste 4)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>The image&apos;s own window (key 5)</source>
        <translation>Das Fenster aus der Bilddatei (Taste 5)</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Überlagerung</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>Opacity of the label overlay</source>
        <translation>Deckkraft der Label-Überlagerung</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Show the whole slice in every view</source>
        <translation>Die ganze Schicht in jeder Ansicht zeigen</translation>
    </message>
    <message>
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <source>One image pixel per screen pixel</source>
        <translation>Ein Bildpixel pro Bildschirmpixel</translation>
    </message>
    <message>
        <source>Wheel or arrow keys: slice
Ctrl+wheel: zoom
Middle drag: pan
Right drag: window/level
Left click: cross-hair</source>
        <translation>Mausrad oder Pfeiltasten: Schicht
Strg+Mausrad: Zoom
Mittlere Taste ziehen: verschieben
Rechte Taste ziehen: Fenster/Level
Linksklick: Fadenkreuz</translation>
    </message>
    <message>
        <source>Width %1, level %2</source>
        <translation>Breite %1, Level %2</translation>
    </message>
</context>
<context>
    <name>tgc::ViewArea</name>
    <message>
        <source>3D view

Label surfaces appear here with the editing tools.</source>
        <translation>3D-Ansicht

Oberflächen der Labels erscheinen hier mit den Bearbeitungswerkzeugen.</translation>
    </message>
</context>
</TS>
