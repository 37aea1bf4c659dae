<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>tgc::AuxPromptResolver</name>
    <message>
        <source>Local LLM: %1</source>
        <translation>Lokales LLM: %1</translation>
    </message>
    <message>
        <source>The knowledge base is not available.</source>
        <translation>Die Wissensbasis ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>The report is empty: nothing to look up.</source>
        <translation>Der Befund ist leer: Es gibt nichts nachzuschlagen.</translation>
    </message>
    <message>
        <source>The report names nothing the knowledge base knows.</source>
        <translation>Der Befund nennt nichts, was die Wissensbasis kennt.</translation>
    </message>
</context>
<context>
    <name>tgc::LlmClient</name>
    <message>
        <source>&apos;%1&apos; is not an http or https address of an LLM server</source>
        <translation>„%1“ ist keine http- oder https-Adresse eines LLM-Servers</translation>
    </message>
    <message>
        <source>the answer is not JSON (%1 at byte %2): %3</source>
        <translation>die Antwort ist kein JSON (%1 bei Byte %2): %3</translation>
    </message>
    <message>
        <source>the answer has no choices[0].message.content: %1</source>
        <translation>die Antwort hat kein choices[0].message.content: %1</translation>
    </message>
    <message>
        <source>the answer&apos;s message is empty</source>
        <translation>die Nachricht der Antwort ist leer</translation>
    </message>
    <message>
        <source>%1 is not on this machine: the report would leave it. Use a loopback address (127.0.0.1, localhost) or allow other hosts in Settings</source>
        <translation>%1 ist nicht dieser Rechner: Der Befund würde ihn verlassen. Verwenden Sie eine Loopback-Adresse (127.0.0.1, localhost) oder erlauben Sie andere Rechner in den Einstellungen</translation>
    </message>
    <message>
        <source>no model name is set for the local LLM (Settings)</source>
        <translation>für das lokale LLM ist kein Modellname gesetzt (Einstellungen)</translation>
    </message>
    <message>
        <source>%1: no answer within %2 s</source>
        <translation>%1: keine Antwort innerhalb von %2 s</translation>
    </message>
    <message>
        <source>%1: redirected to %2; the LLM endpoint must answer itself</source>
        <translation>%1: umgeleitet nach %2; der LLM-Endpunkt muss selbst antworten</translation>
    </message>
    <message>
        <source>%1: HTTP %2: %3</source>
        <translation>%1: HTTP %2: %3</translation>
    </message>
</context>
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
    <name>tgc::ReportPanel</name>
    <message>
        <source>typed by the annotator</source>
        <translation>vom Annotator eingegeben</translation>
    </message>
    <message>
        <source>from knowledge base</source>
        <translation>aus der Wissensbasis</translation>
    </message>
    <message>
        <source>from knowledge base: %1</source>
        <translation>aus der Wissensbasis: %1</translation>
    </message>
    <message>
        <source>from local LLM</source>
        <translation>vom lokalen LLM</translation>
    </message>
    <message>
        <source>from local LLM: %1</source>
        <translation>vom lokalen LLM: %1</translation>
    </message>
    <message>
        <source>Report (primary prompt)</source>
        <translation>Befund (primärer Prompt)</translation>
    </message>
    <message>
        <source>The clinical report of this case: it guides the model.</source>
        <translation>Der klinische Befund dieses Falls: Er leitet das Modell.</translation>
    </message>
    <message>
        <source>A short description of what to segment (optional).</source>
        <translation>Eine kurze Beschreibung dessen, was segmentiert werden soll (optional).</translation>
    </message>
    <message>
        <source>Suggest</source>
        <translation>Vorschlagen</translation>
    </message>
    <message>
        <source>Fill the auxiliary prompt from the local LLM (when Settings turn it on) or the knowledge base, for the report&apos;s selected text or all of it. Text you typed is kept unless you replace it.</source>
        <translation>Füllt den Hilfsprompt aus dem lokalen LLM (wenn in den Einstellungen eingeschaltet) oder aus der Wissensbasis, für den markierten Befundtext oder den ganzen Befund. Von Ihnen eingegebener Text bleibt, solange Sie ihn nicht ersetzen.</translation>
    </message>
    <message>
        <source>Replace with suggestion</source>
        <translation>Durch Vorschlag ersetzen</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Free notes on this case.</source>
        <translation>Freie Notizen zu diesem Fall.</translation>
    </message>
    <message>
        <source>Asking the local LLM…</source>
        <translation>Frage das lokale LLM…</translation>
    </message>
    <message>
        <source>Knowledge base not available: %1</source>
        <translation>Wissensbasis nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Auxiliary prompt</source>
        <translation>Hilfsprompt</translation>
    </message>
    <message>
        <source>Auxiliary prompt — %1</source>
        <translation>Hilfsprompt — %1</translation>
    </message>
    <message>
        <source>Looking up the report…</source>
        <translation>Schlage den Befund nach…</translation>
    </message>
    <message>
        <source>No suggestion. %1</source>
        <translation>Kein Vorschlag. %1</translation>
    </message>
    <message>
        <source>%1Suggestion %2: “%3”. Your typed prompt is kept.</source>
        <translation>%1Vorschlag %2: „%3“. Ihr eingegebener Prompt bleibt.</translation>
    </message>
    <message>
        <source>%1%2 / %3 tokens</source>
        <translation>%1%2 / %3 Token</translation>
    </message>
    <message>
        <source> — too long: the model reads only the first %1</source>
        <translation> — zu lang: Das Modell liest nur die ersten %1</translation>
    </message>
    <message>
        <source>CLIP tokens, start and end included</source>
        <translation>CLIP-Token, Anfang und Ende eingeschlossen</translation>
    </message>
    <message>
        <source>At least this many: %1</source>
        <translation>Mindestens so viele: %1</translation>
    </message>
    <message>
        <source> +%1</source>
        <translation> +%1</translation>
    </message>
    <message>
        <source>Left out to fit 77 tokens: %1 (select part of the report).</source>
        <translation>Für 77 Token weggelassen: %1 (Teil des Befunds markieren).</translation>
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
        <source>Stamped on the cases you edit; a review needs another name</source>
        <translation>Wird in die von Ihnen bearbeiteten Fälle eingetragen; eine Prüfung braucht einen anderen Namen</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>Ihr Name:</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Die Sprache wechselt beim nächsten Start.</translation>
    </message>
    <message>
        <source>Auxiliary prompts: local LLM</source>
        <translation>Hilfsprompts: lokales LLM</translation>
    </message>
    <message>
        <source>Ask a local LLM (OpenAI-compatible chat API)</source>
        <translation>Ein lokales LLM fragen (OpenAI-kompatible Chat-API)</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>the name the server knows the model by</source>
        <translation>der Name, unter dem der Server das Modell kennt</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Zeitlimit:</translation>
    </message>
    <message>
        <source>Allow hosts other than this machine (the report leaves it)</source>
        <translation>Andere Rechner als diesen erlauben (der Befund verlässt ihn)</translation>
    </message>
    <message>
        <source>Off by default. Suggest sends the report to this address; unless other hosts are allowed, only 127.0.0.1, ::1 and localhost are used. Without an LLM, or when it fails, suggestions come from the bundled knowledge base.</source>
        <translation>Standardmäßig aus. „Vorschlagen“ sendet den Befund an diese Adresse; solange andere Rechner nicht erlaubt sind, nur an 127.0.0.1, ::1 und localhost. Ohne LLM, oder wenn es scheitert, kommen Vorschläge aus der mitgelieferten Wissensbasis.</translation>
    </message>
    <message>
        <source>%1 is not on this machine. Use 127.0.0.1 or localhost, or allow other hosts.</source>
        <translation>%1 ist nicht dieser Rechner. Verwenden Sie 127.0.0.1 oder localhost, oder erlauben Sie andere Rechner.</translation>
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
