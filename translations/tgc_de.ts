<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>Paint</source>
        <translation>Malen</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>Radieren</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Füllen</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message>
        <source>Export dataset</source>
        <translation>Datensatz exportieren</translation>
    </message>
    <message>
        <source>Open or create a project first: an export takes the project&apos;s finished cases.</source>
        <translation>Öffnen oder erstellen Sie zuerst ein Projekt: ein Export nimmt die fertigen Fälle des Projekts.</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>Export abgebrochen</translation>
    </message>
    <message>
        <source>The export was cancelled; nothing was left in the folder.</source>
        <translation>Der Export wurde abgebrochen; im Ordner blieb nichts zurück.</translation>
    </message>
    <message>
        <source>%1 case(s) exported to %2 (%3 files).</source>
        <translation>%1 Fall/Fälle nach %2 exportiert (%3 Dateien).</translation>
    </message>
    <message>
        <source>Skipped:</source>
        <translation>Übersprungen:</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>Export abgeschlossen</translation>
    </message>
</context>
<context>
    <name>tgc</name>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Navigate (left click moves the cross-hair)</source>
        <translation>Navigieren (Linksklick setzt das Fadenkreuz)</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Radierer</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>Flood fill</source>
        <translation>Flächenfüllung</translation>
    </message>
    <message>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <source>Lasso fill (Shift: lasso erase)</source>
        <translation>Lasso füllen (Umschalt: mit Lasso radieren)</translation>
    </message>
    <message>
        <source>[  ]</source>
        <translation>[  ]</translation>
    </message>
    <message>
        <source>Brush radius smaller / larger</source>
        <translation>Pinselradius kleiner / größer</translation>
    </message>
    <message>
        <source>Ctrl+Z</source>
        <translation>Strg+Z</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Z</source>
        <translation>Strg+Umschalt+Z</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Strg+Umschalt+N</translation>
    </message>
    <message>
        <source>Copy the slice&apos;s label to the next slice</source>
        <translation>Label der Schicht in die nächste Schicht kopieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Strg+Umschalt+I</translation>
    </message>
    <message>
        <source>Interpolate between painted slices</source>
        <translation>Zwischen bemalten Schichten interpolieren</translation>
    </message>
    <message>
        <source>Wheel, arrows</source>
        <translation>Mausrad, Pfeiltasten</translation>
    </message>
    <message>
        <source>Previous / next slice (PgUp/PgDn: 10)</source>
        <translation>Vorige / nächste Schicht (Bild↑/Bild↓: 10)</translation>
    </message>
    <message>
        <source>Ctrl+wheel</source>
        <translation>Strg+Mausrad</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <source>Middle drag</source>
        <translation>Ziehen mit mittlerer Taste</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Right drag</source>
        <translation>Ziehen mit rechter Taste</translation>
    </message>
    <message>
        <source>Window / level</source>
        <translation>Fenster / Level</translation>
    </message>
    <message>
        <source>1 … 5</source>
        <translation>1 … 5</translation>
    </message>
    <message>
        <source>Window presets: lung, abdomen, bone, brain, file</source>
        <translation>Fenster-Voreinstellungen: Lunge, Abdomen, Knochen, Gehirn, Datei</translation>
    </message>
    <message>
        <source>Ctrl+0, Ctrl+1</source>
        <translation>Strg+0, Strg+1</translation>
    </message>
    <message>
        <source>Fit, 1:1</source>
        <translation>Einpassen, 1:1</translation>
    </message>
    <message>
        <source>Ctrl+O, Ctrl+Shift+O</source>
        <translation>Strg+O, Strg+Umschalt+O</translation>
    </message>
    <message>
        <source>Open image, open folder</source>
        <translation>Bild öffnen, Ordner öffnen</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Ctrl+G</source>
        <translation>Strg+G</translation>
    </message>
    <message>
        <source>Generate the mask the report describes (this slice)</source>
        <translation>Die vom Befund beschriebene Maske erzeugen (diese Schicht)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+G</source>
        <translation>Strg+Umschalt+G</translation>
    </message>
    <message>
        <source>Generate the mask for the whole volume</source>
        <translation>Die Maske für das ganze Volumen erzeugen</translation>
    </message>
    <message>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <source>Clicks on the proposal (right click or Shift+click: remove)</source>
        <translation>Klicks auf den Vorschlag (Rechtsklick oder Umschalt+Klick: wegnehmen)</translation>
    </message>
</context>
<context>
    <name>tgc::Annotator</name>
    <message>
        <source>Cannot open image</source>
        <translation>Bild kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Pushed the mask as DICOM SEG series %1</source>
        <translation>Maske als DICOM-SEG-Serie %1 gesendet</translation>
    </message>
    <message>
        <source>Cannot pull</source>
        <translation>Abrufen nicht möglich</translation>
    </message>
    <message>
        <source>Open or create a project first: a pulled series becomes one of its cases.</source>
        <translation>Öffnen oder erstellen Sie zuerst ein Projekt: Eine abgerufene Serie wird einer seiner Fälle.</translation>
    </message>
    <message>
        <source>Cannot review</source>
        <translation>Prüfung nicht möglich</translation>
    </message>
    <message>
        <source>Open or create a project first: the review fetches the series and its SEGs into it.</source>
        <translation>Öffnen oder erstellen Sie zuerst ein Projekt: Die Prüfung holt die Serie und ihre SEGs dort hinein.</translation>
    </message>
    <message>
        <source>Cannot push</source>
        <translation>Senden nicht möglich</translation>
    </message>
    <message>
        <source>Open a case of the project first: its saved mask goes to the PACS as a DICOM SEG.</source>
        <translation>Öffnen Sie zuerst einen Fall des Projekts: Seine gespeicherte Maske geht als DICOM SEG an das PACS.</translation>
    </message>
    <message>
        <source>Cannot edit</source>
        <translation>Bearbeiten nicht möglich</translation>
    </message>
    <message>
        <source>Pull the series into the project first (PACS dock ▸ Pull): the edited mask becomes its case&apos;s mask.</source>
        <translation>Rufen Sie die Serie zuerst ins Projekt ab (PACS ▸ Abrufen): Die bearbeitete Maske wird die Maske ihres Falls.</translation>
    </message>
    <message>
        <source>%1&apos;s mask does not lie on the case&apos;s grid.</source>
        <translation>Die Maske von %1 liegt nicht auf dem Raster des Falls.</translation>
    </message>
    <message>
        <source>%1&apos;s mask, for review</source>
        <translation>Maske von %1, zur Prüfung</translation>
    </message>
    <message>
        <source>%1&apos;s mask is the annotation already.</source>
        <translation>Die Maske von %1 ist bereits die Annotation.</translation>
    </message>
    <message>
        <source>Started from %1&apos;s mask: edit it, then Push mask; Undo gives the case&apos;s own annotation back.</source>
        <translation>Mit der Maske von %1 begonnen: bearbeiten Sie sie, dann Maske senden; Rückgängig stellt die eigene Annotation des Falls wieder her.</translation>
    </message>
    <message>
        <source>Case %1 could not be opened.</source>
        <translation>Fall %1 konnte nicht geöffnet werden.</translation>
    </message>
</context>
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
    <name>tgc::CaseList</name>
    <message>
        <source>new</source>
        <translation>neu</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Bearbeitung</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <source>Pulled from %1 on %2 (series %3)</source>
        <translation>Vom %1 am %2 geholt (Serie %3)</translation>
    </message>
    <message>
        <source>PACS</source>
        <translation>PACS</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>Mod.</source>
        <translation>Mod.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>Annotator</translation>
    </message>
    <message>
        <source>Last edit</source>
        <translation>Letzte Änderung</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Herkunft</translation>
    </message>
</context>
<context>
    <name>tgc::CaseOpening</name>
    <message>
        <source>Cannot open image</source>
        <translation>Bild kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1: no such file or folder</source>
        <translation>%1: Datei oder Ordner nicht gefunden</translation>
    </message>
    <message>
        <source>Some rows were not opened</source>
        <translation>Einige Zeilen wurden nicht geöffnet</translation>
    </message>
    <message>
        <source>Cannot open dataset</source>
        <translation>Datensatz kann nicht geöffnet werden</translation>
    </message>
</context>
<context>
    <name>tgc::CasesPanel</name>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Search reports…</source>
        <translation>Befunde durchsuchen…</translation>
    </message>
</context>
<context>
    <name>tgc::CompareGrid</name>
    <message>
        <source>Compare models: one view per model</source>
        <translation>Modelle vergleichen: eine Ansicht je Modell</translation>
    </message>
</context>
<context>
    <name>tgc::ComparePanel</name>
    <message>
        <source>Models to compare (two to four):</source>
        <translation>Zu vergleichende Modelle (zwei bis vier):</translation>
    </message>
    <message>
        <source>Models, same prompts</source>
        <translation>Modelle, gleiche Prompts</translation>
    </message>
    <message>
        <source>Prompt ablation (first model)</source>
        <translation>Prompt-Ablation (erstes Modell)</translation>
    </message>
    <message>
        <source>Prompt robustness probe (first model)</source>
        <translation>Prompt-Robustheitstest (erstes Modell)</translation>
    </message>
    <message>
        <source>Ablation: report only, report + auxiliary prompt, the edited prompt. Probe: paraphrased, a clause dropped, left and right swapped, the organ swapped; each scored by Dice to the original.</source>
        <translation>Ablation: nur Befund, Befund + Hilfsprompt, der bearbeitete Prompt. Test: umformuliert, ein Satzteil weggelassen, links und rechts getauscht, das Organ getauscht; jeweils mit Dice zum Original bewertet.</translation>
    </message>
    <message>
        <source>Edited prompt (ablation)</source>
        <translation>Bearbeiteter Prompt (Ablation)</translation>
    </message>
    <message>
        <source>This slice</source>
        <translation>Diese Schicht</translation>
    </message>
    <message>
        <source>Whole volume</source>
        <translation>Ganzes Volumen</translation>
    </message>
    <message>
        <source>One view, all outlines</source>
        <translation>Eine Ansicht, alle Umrisse</translation>
    </message>
    <message>
        <source>Grid, a view per model</source>
        <translation>Raster, eine Ansicht je Modell</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Run each chosen model on this case with the report&apos;s prompts</source>
        <translation>Jedes gewählte Modell mit den Prompts des Befunds auf diesem Fall ausführen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Remove the comparison&apos;s outlines and scores</source>
        <translation>Umrisse und Werte des Vergleichs entfernen</translation>
    </message>
    <message>
        <source>Model (outline)</source>
        <translation>Modell (Umriss)</translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>IoU</source>
        <translation>IoU</translation>
    </message>
    <message>
        <source>HD95 mm</source>
        <translation>HD95 mm</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Against the annotation (filled in its label colour); untick a model to hide its outline</source>
        <translation>Gegen die Annotation (gefüllt in ihrer Labelfarbe); Haken entfernen, um den Umriss eines Modells auszublenden</translation>
    </message>
    <message>
        <source>Scores against the annotation, filled in its label colours.</source>
        <translation>Werte gegen die Annotation, gefüllt in ihren Labelfarben.</translation>
    </message>
    <message>
        <source>Between models:</source>
        <translation>Zwischen Modellen:</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Loading the first model…</source>
        <translation>Lade das erste Modell…</translation>
    </message>
    <message>
        <source>Model %1 of %2: %3 (%4 of %5 slices)</source>
        <translation>Modell %1 von %2: %3 (%4 von %5 Schichten)</translation>
    </message>
    <message>
        <source>Compared on axial slice %1.</source>
        <translation>Verglichen auf axialer Schicht %1.</translation>
    </message>
    <message>
        <source>Compared on the whole volume.</source>
        <translation>Verglichen auf dem ganzen Volumen.</translation>
    </message>
    <message>
        <source>⚠ The mask did not move with “%1” (Dice %2 to the original): the model ignores that part of the text.</source>
        <translation>⚠ Die Maske hat sich bei „%1“ nicht bewegt (Dice %2 zum Original): Das Modell übergeht diesen Teil des Texts.</translation>
    </message>
    <message>
        <source>Comparison cancelled.</source>
        <translation>Vergleich abgebrochen.</translation>
    </message>
    <message>
        <source>Another image is shown: the comparison was dropped.</source>
        <translation>Ein anderes Bild wird gezeigt: Der Vergleich wurde verworfen.</translation>
    </message>
    <message>
        <source>%1
Report: %2
Aux: %3</source>
        <translation>%1
Befund: %2
Hilfsprompt: %3</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>The case has no annotation: the models are scored only against each other</source>
        <translation>Der Fall hat keine Annotation: Die Modelle werden nur untereinander bewertet</translation>
    </message>
    <message>
        <source>%1 vs %2</source>
        <translation>%1 gegen %2</translation>
    </message>
</context>
<context>
    <name>tgc::CompareSession</name>
    <message>
        <source>Choose two to four models to compare.</source>
        <translation>Wählen Sie zwei bis vier Modelle zum Vergleich.</translation>
    </message>
    <message>
        <source>There is nothing to compare the prompt with: give an auxiliary or an edited prompt.</source>
        <translation>Es gibt nichts, womit der Prompt verglichen werden kann: Geben Sie einen Hilfsprompt oder einen bearbeiteten Prompt an.</translation>
    </message>
    <message>
        <source>Open an image to compare models on.</source>
        <translation>Öffnen Sie ein Bild, um Modelle darauf zu vergleichen.</translation>
    </message>
    <message>
        <source>Write the report first: every model is prompted with it.</source>
        <translation>Schreiben Sie zuerst den Befund: Jedes Modell erhält ihn als Prompt.</translation>
    </message>
    <message>
        <source>%1 could not be loaded: %2</source>
        <translation>%1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>tgc::EditPanel</name>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Navigate</source>
        <translation>Navigieren</translation>
    </message>
    <message>
        <source>Left click moves the cross-hair</source>
        <translation>Linksklick setzt das Fadenkreuz</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <source>Paint the active label; [ and ] change the radius</source>
        <translation>Aktives Label malen; [ und ] ändern den Radius</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Radierer</translation>
    </message>
    <message>
        <source>Erase (only the active label while other labels are protected)</source>
        <translation>Radieren (nur das aktive Label, solange andere Labels geschützt sind)</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Füllen</translation>
    </message>
    <message>
        <source>Flood fill the clicked region of the slice</source>
        <translation>Angeklickte Region der Schicht füllen</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message>
        <source>Drag around a region to fill it; with Shift to erase it</source>
        <translation>Um eine Region ziehen, um sie zu füllen; mit Umschalt, um sie zu radieren</translation>
    </message>
    <message>
        <source>Undo  Ctrl+Z</source>
        <translation>Rückgängig  Strg+Z</translation>
    </message>
    <message>
        <source>Undo the last change</source>
        <translation>Letzte Änderung rückgängig machen</translation>
    </message>
    <message>
        <source>Redo  Ctrl+Shift+Z</source>
        <translation>Wiederholen  Strg+Umschalt+Z</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Brush  ( [ ] radius )</source>
        <translation>Pinsel  ( [ ] Radius )</translation>
    </message>
    <message>
        <source>px</source>
        <translation>px</translation>
    </message>
    <message>
        <source>mm</source>
        <translation>mm</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Rund</translation>
    </message>
    <message>
        <source>Square</source>
        <translation>Quadratisch</translation>
    </message>
    <message>
        <source>3D (sphere)</source>
        <translation>3D (Kugel)</translation>
    </message>
    <message>
        <source>Paint a ball across neighbouring slices</source>
        <translation>Eine Kugel über benachbarte Schichten malen</translation>
    </message>
    <message>
        <source>Radius</source>
        <translation>Radius</translation>
    </message>
    <message>
        <source>Paint rule</source>
        <translation>Malregel</translation>
    </message>
    <message>
        <source>Protect other labels</source>
        <translation>Andere Labels schützen</translation>
    </message>
    <message>
        <source>Paint only over background and the active label; erase only it</source>
        <translation>Nur über Hintergrund und aktives Label malen; nur dieses radieren</translation>
    </message>
    <message>
        <source>Only where intensity in</source>
        <translation>Nur bei Intensität von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Lung</source>
        <translation>Lunge</translation>
    </message>
    <message>
        <source>-1000 to -400 HU</source>
        <translation>-1000 bis -400 HU</translation>
    </message>
    <message>
        <source>Soft tissue</source>
        <translation>Weichteil</translation>
    </message>
    <message>
        <source>-160 to 240 HU</source>
        <translation>-160 bis 240 HU</translation>
    </message>
    <message>
        <source>Active label</source>
        <translation>Aktives Label</translation>
    </message>
    <message>
        <source>Fill holes</source>
        <translation>Löcher füllen</translation>
    </message>
    <message>
        <source>Fill what the label encloses in each slice</source>
        <translation>In jeder Schicht füllen, was das Label umschließt</translation>
    </message>
    <message>
        <source> vox</source>
        <translation> Vox</translation>
    </message>
    <message>
        <source>Remove under</source>
        <translation>Entfernen unter</translation>
    </message>
    <message>
        <source>Remove pieces smaller than this</source>
        <translation>Teile kleiner als dies entfernen</translation>
    </message>
    <message>
        <source>Keep largest</source>
        <translation>Größtes behalten</translation>
    </message>
    <message>
        <source>Keep only the largest piece</source>
        <translation>Nur das größte Teil behalten</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <source>Grow</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Grow the label by this margin</source>
        <translation>Label um diesen Rand vergrößern</translation>
    </message>
    <message>
        <source>Shrink</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Shrink the label by this margin</source>
        <translation>Label um diesen Rand verkleinern</translation>
    </message>
    <message>
        <source>Smooth</source>
        <translation>Glätten</translation>
    </message>
    <message>
        <source>Fill notches and remove spurs narrower than twice the margin</source>
        <translation>Kerben füllen und Ausläufer schmaler als der doppelte Rand entfernen</translation>
    </message>
    <message>
        <source>Copy to next slice</source>
        <translation>In nächste Schicht kopieren</translation>
    </message>
    <message>
        <source>Interpolate slices</source>
        <translation>Schichten interpolieren</translation>
    </message>
    <message>
        <source>Fill the slices between painted ones</source>
        <translation>Die Schichten zwischen bemalten füllen</translation>
    </message>
    <message>
        <source>Clicks</source>
        <translation>Klicks</translation>
    </message>
    <message>
        <source>Refine the model&apos;s proposal: a click adds the region under it, a right click or Shift+click removes it; Ctrl+Z takes a click back</source>
        <translation>Den Vorschlag des Modells verfeinern: ein Klick fügt die Region darunter hinzu, ein Rechtsklick oder Umschalt+Klick nimmt sie weg; Strg+Z nimmt einen Klick zurück</translation>
    </message>
</context>
<context>
    <name>tgc::EditSession</name>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Fill holes</source>
        <translation>Löcher füllen</translation>
    </message>
    <message>
        <source>Keep largest island</source>
        <translation>Größte Insel behalten</translation>
    </message>
    <message>
        <source>Remove small islands</source>
        <translation>Kleine Inseln entfernen</translation>
    </message>
    <message>
        <source>Grow %1 mm</source>
        <translation>Um %1 mm vergrößern</translation>
    </message>
    <message>
        <source>Shrink %1 mm</source>
        <translation>Um %1 mm verkleinern</translation>
    </message>
    <message>
        <source>Smooth %1 mm</source>
        <translation>Mit %1 mm glätten</translation>
    </message>
    <message>
        <source>Copy slice</source>
        <translation>Schicht kopieren</translation>
    </message>
    <message>
        <source>Interpolate slices</source>
        <translation>Schichten interpolieren</translation>
    </message>
    <message>
        <source>label %1</source>
        <translation>Label %1</translation>
    </message>
</context>
<context>
    <name>tgc::ExportDialog</name>
    <message>
        <source>Export dataset</source>
        <translation>Datensatz exportieren</translation>
    </message>
    <message>
        <source>QaTa-style (images, masks, text.csv; what training reads)</source>
        <translation>QaTa-Format (Bilder, Masken, text.csv; was das Training liest)</translation>
    </message>
    <message>
        <source>nnU-Net v2 raw dataset</source>
        <translation>nnU-Net-v2-Rohdatensatz</translation>
    </message>
    <message>
        <source>DICOM Segmentation (DICOM-sourced cases only)</source>
        <translation>DICOM-Segmentierung (nur Fälle aus DICOM)</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>an empty or new folder</source>
        <translation>ein leerer oder neuer Ordner</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Replace what an earlier export wrote in a non-empty folder</source>
        <translation>Ersetzen, was ein früherer Export in einen nicht leeren Ordner schrieb</translation>
    </message>
    <message>
        <source>&amp;De-identify (no patient name, ID, birth date or accession number; reports masked)</source>
        <translation>&amp;De-identifizieren (kein Patientenname, keine ID, kein Geburtsdatum, keine Auftragsnummer; Befunde maskiert)</translation>
    </message>
    <message>
        <source>Without de-identification the export includes identifiers: case names taken from file and folder names, patient names and IDs in reports and in DICOM SEG files.</source>
        <translation>Ohne De-Identifizierung enthält der Export Identifikatoren: Fallnamen aus Datei- und Ordnernamen, Patientennamen und IDs in Befunden und in DICOM-SEG-Dateien.</translation>
    </message>
    <message>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>val</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Split by patient:</source>
        <translation>Aufteilung nach Patient:</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>S&amp;eed:</translation>
    </message>
    <message>
        <source>new</source>
        <translation>neu</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Bearbeitung</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <source>Cases with status:</source>
        <translation>Fälle mit Status:</translation>
    </message>
    <message>
        <source>Volumes become slices: every slice with a mask is kept, and this share of the slices without one.</source>
        <translation>Volumen werden zu Schichten: jede Schicht mit Maske bleibt, und dieser Anteil der Schichten ohne.</translation>
    </message>
    <message>
        <source>Empty slices kept (QaTa):</source>
        <translation>Behaltene leere Schichten (QaTa):</translation>
    </message>
    <message>
        <source>QaTa: one folder per split (train, val, test)</source>
        <translation>QaTa: ein Ordner je Teil (Training, Validierung, Test)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Export into folder</source>
        <translation>In Ordner exportieren</translation>
    </message>
</context>
<context>
    <name>tgc::ExportJob</name>
    <message>
        <source>Exporting…</source>
        <translation>Exportiere…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>tgc::LabelTable</name>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>Sichtbar</translation>
    </message>
    <message>
        <source>Selected row: the active label. Click the colour to change it, double-click the name to rename.</source>
        <translation>Ausgewählte Zeile: das aktive Label. Farbe anklicken zum Ändern, Namen doppelklicken zum Umbenennen.</translation>
    </message>
    <message>
        <source>Add label</source>
        <translation>Label hinzufügen</translation>
    </message>
    <message>
        <source>Label %1 (voxel value in the mask)</source>
        <translation>Label %1 (Voxelwert in der Maske)</translation>
    </message>
    <message>
        <source>Colour of %1</source>
        <translation>Farbe von %1</translation>
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
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;Generate mask</source>
        <translation>Maske &amp;erzeugen</translation>
    </message>
    <message>
        <source>Generate mask for the whole &amp;volume</source>
        <translation>Maske für das ganze &amp;Volumen erzeugen</translation>
    </message>
    <message>
        <source>Cancel generation</source>
        <translation>Erzeugung abbrechen</translation>
    </message>
    <message>
        <source>&amp;Export dataset…</source>
        <translation>Datensatz &amp;exportieren…</translation>
    </message>
    <message>
        <source>Compare models</source>
        <translation>Modelle vergleichen</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>Compare models on this &amp;case</source>
        <translation>Modelle auf diesem &amp;Fall vergleichen</translation>
    </message>
    <message>
        <source>Compare models on &amp;project…</source>
        <translation>Modelle im &amp;Projekt vergleichen…</translation>
    </message>
    <message>
        <source>Connect to &amp;PACS…</source>
        <translation>Mit &amp;PACS verbinden…</translation>
    </message>
    <message>
        <source>PACS</source>
        <translation>PACS</translation>
    </message>
</context>
<context>
    <name>tgc::ModelManager</name>
    <message>
        <source>Cannot load the model %1</source>
        <translation>Das Modell %1 kann nicht geladen werden</translation>
    </message>
    <message>
        <source>%1

%2 stays active.</source>
        <translation>%1

%2 bleibt aktiv.</translation>
    </message>
    <message>
        <source>Model: loading %1…</source>
        <translation>Modell: lade %1…</translation>
    </message>
    <message>
        <source>Model: none</source>
        <translation>Modell: keines</translation>
    </message>
    <message>
        <source>Model: none (failed to load)</source>
        <translation>Modell: keines (Laden fehlgeschlagen)</translation>
    </message>
    <message>
        <source>CPU, 1 thread</source>
        <translation>CPU, 1 Thread</translation>
    </message>
    <message>
        <source>CPU, %1 threads</source>
        <translation>CPU, %1 Threads</translation>
    </message>
    <message>
        <source>GPU (%1)</source>
        <translation>GPU (%1)</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Kein Modell geladen.</translation>
    </message>
    <message>
        <source># %1

File: `%2`  
Config: %3  
Device: %4

The checkpoint&apos;s metadata:

</source>
        <translation># %1

Datei: `%2`  
Konfiguration: %3  
Gerät: %4

Die Metadaten des Checkpoints:

</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Model: %1 · %2 · torch %3%4</source>
        <translation>Modell: %1 · %2 · torch %3%4</translation>
    </message>
    <message>
        <source> (CUDA build)</source>
        <translation> (CUDA-Build)</translation>
    </message>
</context>
<context>
    <name>tgc::ModelsMenu</name>
    <message>
        <source>&amp;Models</source>
        <translation>&amp;Modelle</translation>
    </message>
    <message>
        <source>&amp;Add checkpoint…</source>
        <translation>Checkpoint &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Model &amp;card…</source>
        <translation>Modell&amp;karte…</translation>
    </message>
    <message>
        <source>Run on the &amp;CPU only</source>
        <translation>Nur auf der &amp;CPU rechnen</translation>
    </message>
    <message>
        <source>Otherwise the model runs on a CUDA GPU when there is one</source>
        <translation>Sonst rechnet das Modell auf einer CUDA-GPU, wenn vorhanden</translation>
    </message>
    <message>
        <source>The demo model file is missing</source>
        <translation>Die Datei des Demo-Modells fehlt</translation>
    </message>
    <message>
        <source>TGC-Net checkpoint</source>
        <translation>TGC-Net-Checkpoint</translation>
    </message>
    <message>
        <source>Checkpoints (*.safetensors);;All files (*)</source>
        <translation>Checkpoints (*.safetensors);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>CLIP folder</source>
        <translation>CLIP-Ordner</translation>
    </message>
    <message>
        <source>Does this checkpoint need a CLIP folder (CLIP&apos;s BPE vocabulary and weights, for the paper configurations)?%1</source>
        <translation>Braucht dieser Checkpoint einen CLIP-Ordner (CLIPs BPE-Vokabular und Gewichte, für die Konfigurationen des Papers)?%1</translation>
    </message>
    <message>
        <source>

No: %1 is used if needed.</source>
        <translation>

Nein: bei Bedarf wird %1 verwendet.</translation>
    </message>
    <message>
        <source>Model card: %1</source>
        <translation>Modellkarte: %1</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>Modellkarte</translation>
    </message>
</context>
<context>
    <name>tgc::PacsBrowser</name>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <source>Pulling series %1…</source>
        <translation>Rufe Serie %1 ab…</translation>
    </message>
    <message>
        <source>Writing the DICOM SEG of %1…</source>
        <translation>Schreibe das DICOM SEG von %1…</translation>
    </message>
    <message>
        <source>The case&apos;s report is now the series&apos; agreed report on the PACS (its study has no SR).</source>
        <translation>Der Befund des Falls ist jetzt der vereinbarte Befund der Serie im PACS (ihre Studie hat keinen SR).</translation>
    </message>
    <message>
        <source>Pulled as case %1</source>
        <translation>Als Fall %1 abgerufen</translation>
    </message>
</context>
<context>
    <name>tgc::PacsDock</name>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>patient ID</source>
        <translation>Patienten-ID</translation>
    </message>
    <message>
        <source>any</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Mod.</source>
        <translation>Mod.</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>‹ Previous</source>
        <translation>‹ Zurück</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>Weiter ›</translation>
    </message>
    <message>
        <source>Pull</source>
        <translation>Abrufen</translation>
    </message>
    <message>
        <source>Bring the series into the open project as a case (double-click opens a pulled one)</source>
        <translation>Die Serie als Fall in das offene Projekt holen (Doppelklick öffnet eine abgerufene)</translation>
    </message>
    <message>
        <source>Push mask</source>
        <translation>Maske senden</translation>
    </message>
    <message>
        <source>Store the shown case&apos;s saved mask on the PACS as a new DICOM SEG</source>
        <translation>Die gespeicherte Maske des gezeigten Falls als neues DICOM SEG im PACS ablegen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>report</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>pulled: %1</source>
        <translation>abgerufen: %1</translation>
    </message>
    <message>
        <source>no series</source>
        <translation>keine Serien</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>%1–%2 of %3</source>
        <translation>%1–%2 von %3</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>to do</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>eingereicht</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <source>All series</source>
        <translation>Alle Serien</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Meine</translation>
    </message>
    <message>
        <source>Unclaimed</source>
        <translation>Nicht übernommen</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>Zu prüfen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <source>Team status</source>
        <translation>Teamstatus</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>Bei</translation>
    </message>
    <message>
        <source>SEGs</source>
        <translation>SEGs</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>Lokal</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Take this series to annotate; nobody else can claim it while you hold it</source>
        <translation>Diese Serie zum Annotieren übernehmen; solange Sie sie halten, kann niemand sonst sie übernehmen</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Give the series back to the worklist</source>
        <translation>Die Serie an die Arbeitsliste zurückgeben</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>Einreichen</translation>
    </message>
    <message>
        <source>Mark your annotation finished and ready for review</source>
        <translation>Ihre Annotation als fertig und prüfbereit markieren</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>Übernehmen von</translation>
    </message>
    <message>
        <source>Take the series from the annotator who holds it (recorded)</source>
        <translation>Die Serie der Annotatorin oder dem Annotator abnehmen, die sie hält (wird protokolliert)</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Prüfen…</translation>
    </message>
    <message>
        <source>Compare every annotator&apos;s SEG of this series and choose the final mask</source>
        <translation>Die SEGs aller Annotierenden dieser Serie vergleichen und die endgültige Maske wählen</translation>
    </message>
    <message>
        <source>you hold this series</source>
        <translation>Sie halten diese Serie</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) made offline wait for the server; %1 not sent: the series changed meanwhile (see above).</source>
        <translation>
            <numerusform>%n offline vorgenommene Änderung wartet auf den Server; %1 nicht gesendet: Die Serie hat sich inzwischen geändert (siehe oben).</numerusform>
            <numerusform>%n offline vorgenommene Änderungen warten auf den Server; %1 nicht gesendet: Die Serie hat sich inzwischen geändert (siehe oben).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) made offline wait for the server.</source>
        <translation>
            <numerusform>%n offline vorgenommene Änderung wartet auf den Server.</numerusform>
            <numerusform>%n offline vorgenommene Änderungen warten auf den Server.</numerusform>
        </translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <source>mean Dice of the annotators&apos; masks at review</source>
        <translation>mittlerer Dice der Masken der Annotierenden bei der Prüfung</translation>
    </message>
    <message>
        <source>CA certificates (PEM), for HTTPS; empty: the system&apos;s</source>
        <translation>CA-Zertifikate (PEM) für HTTPS; leer: die des Systems</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>Vertrauen</translation>
    </message>
    <message>
        <source>CA certificates</source>
        <translation>CA-Zertifikate</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM-Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>http://host:8042/dicom-web or dicom://AET@host:104</source>
        <translation>http://host:8042/dicom-web oder dicom://AET@host:104</translation>
    </message>
    <message>
        <source>%1 (%2 shown)</source>
        <translation>%1 (%2 angezeigt)</translation>
    </message>
    <message>
        <source>password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Keep the password in the system keychain</source>
        <translation>Passwort im Schlüsselbund des Systems behalten</translation>
    </message>
    <message>
        <source>Unticked, the password lasts until the app closes</source>
        <translation>Ohne Haken gilt das Passwort, bis die Anwendung schließt</translation>
    </message>
    <message>
        <source>Password from the system keychain</source>
        <translation>Passwort aus dem Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>No system keychain (%1): the password lasts this session</source>
        <translation>Kein Schlüsselbund des Systems (%1): das Passwort gilt für diese Sitzung</translation>
    </message>
</context>
<context>
    <name>tgc::ProjectCompareDialog</name>
    <message>
        <source>Compare models on project</source>
        <translation>Modelle im Projekt vergleichen</translation>
    </message>
    <message>
        <source>Models (two or more), run on every done or reviewed case:</source>
        <translation>Modelle (zwei oder mehr), ausgeführt auf jedem fertigen oder geprüften Fall:</translation>
    </message>
    <message>
        <source>Folder for metrics.csv, summary.json, montages and report.html</source>
        <translation>Ordner für metrics.csv, summary.json, Montagen und report.html</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Report folder</source>
        <translation>Berichtsordner</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Cancel comparison</source>
        <translation>Vergleich abbrechen</translation>
    </message>
    <message>
        <source>Open report</source>
        <translation>Bericht öffnen</translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation>Öffnen Sie zuerst ein Projekt.</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>Lade die Modelle…</translation>
    </message>
    <message numerus="yes">
        <source>Comparing on %n case(s)…</source>
        <translation>
            <numerusform>Vergleiche auf %n Fall…</numerusform>
            <numerusform>Vergleiche auf %n Fällen…</numerusform>
        </translation>
    </message>
    <message>
        <source>Case %1 of %2 (%3), about %4 s left</source>
        <translation>Fall %1 von %2 (%3), noch etwa %4 s</translation>
    </message>
    <message>
        <source>The comparison failed: %1</source>
        <translation>Der Vergleich ist fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n case(s); the report shows those.</source>
        <translation>
            <numerusform>Abgebrochen nach %n Fall; der Bericht zeigt diesen.</numerusform>
            <numerusform>Abgebrochen nach %n Fällen; der Bericht zeigt diese.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) compared. The report is in %1.</source>
        <translation>
            <numerusform>%n Fall verglichen. Der Bericht liegt in %1.</numerusform>
            <numerusform>%n Fälle verglichen. Der Bericht liegt in %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tgc::ProjectController</name>
    <message>
        <source>Cannot open the project</source>
        <translation>Das Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Opened project %1</source>
        <translation>Projekt %1 geöffnet</translation>
    </message>
    <message>
        <source>Cannot create the project</source>
        <translation>Das Projekt kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Nicht gespeichert</translation>
    </message>
    <message>
        <source>%1

Your edits are kept in memory and in the autosave journal; the files saved before are unchanged. Free some space or fix the folder&apos;s permissions, then save again.</source>
        <translation>%1

Ihre Änderungen bleiben im Speicher und im Autosave-Journal erhalten; die zuvor gespeicherten Dateien sind unverändert. Schaffen Sie Platz oder korrigieren Sie die Rechte des Ordners und speichern Sie erneut.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Cannot save the project there</source>
        <translation>Das Projekt kann dort nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importiere…</translation>
    </message>
    <message>
        <source>%1 case(s) imported</source>
        <translation>%1 Fall/Fälle importiert</translation>
    </message>
    <message>
        <source>, %1 already in the project</source>
        <translation>, %1 bereits im Projekt</translation>
    </message>
    <message>
        <source>Some files were not imported</source>
        <translation>Einige Dateien wurden nicht importiert</translation>
    </message>
    <message>
        <source>no case is open</source>
        <translation>kein Fall geöffnet</translation>
    </message>
    <message>
        <source>Every case in the list is done</source>
        <translation>Alle Fälle der Liste sind fertig</translation>
    </message>
    <message>
        <source> — autosave failing</source>
        <translation> — Autosave schlägt fehl</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Speichere…</translation>
    </message>
    <message>
        <source>Reading the pulled series…</source>
        <translation>Lese die abgerufene Serie…</translation>
    </message>
    <message>
        <source>The series was not pulled</source>
        <translation>Die Serie wurde nicht abgerufen</translation>
    </message>
    <message>
        <source>Pulled as case %1</source>
        <translation>Als Fall %1 abgerufen</translation>
    </message>
    <message>
        <source>The project is still reading an import or another pull: pull again once it has finished.</source>
        <translation>Das Projekt liest noch einen Import oder einen anderen Abruf: Rufen Sie erneut ab, sobald er fertig ist.</translation>
    </message>
    <message>
        <source>Status not changed</source>
        <translation>Status nicht geändert</translation>
    </message>
</context>
<context>
    <name>tgc::ProjectMenus</name>
    <message>
        <source>Restore unsaved work?</source>
        <translation>Ungespeicherte Arbeit wiederherstellen?</translation>
    </message>
    <message>
        <source>%1 edit(s) to %2 case(s) were not saved when the application stopped (last at %3). Restore them?</source>
        <translation>%1 Änderung(en) an %2 Fall/Fällen wurden beim Beenden der Anwendung nicht gespeichert (zuletzt um %3). Wiederherstellen?</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <source>Open p&amp;roject…</source>
        <translation>P&amp;rojekt öffnen…</translation>
    </message>
    <message>
        <source>&amp;Save project</source>
        <translation>Projekt &amp;speichern</translation>
    </message>
    <message>
        <source>Save project &amp;as…</source>
        <translation>Projekt speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Import images…</source>
        <translation>Bilder &amp;importieren…</translation>
    </message>
    <message>
        <source>Import images or a case list</source>
        <translation>Bilder oder eine Fallliste importieren</translation>
    </message>
    <message>
        <source>Import &amp;folder…</source>
        <translation>&amp;Ordner importieren…</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>Einen Ordner importieren</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>&amp;Fall</translation>
    </message>
    <message>
        <source>&amp;Next unfinished</source>
        <translation>&amp;Nächster unfertiger</translation>
    </message>
    <message>
        <source>&amp;Previous unfinished</source>
        <translation>&amp;Voriger unfertiger</translation>
    </message>
    <message>
        <source>Mark in &amp;progress</source>
        <translation>Als in &amp;Bearbeitung markieren</translation>
    </message>
    <message>
        <source>Mark &amp;done</source>
        <translation>Als &amp;fertig markieren</translation>
    </message>
    <message>
        <source>Mark &amp;reviewed</source>
        <translation>Als &amp;geprüft markieren</translation>
    </message>
    <message>
        <source>Autosave is failing: %1</source>
        <translation>Autosave schlägt fehl: %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>New project: choose an empty folder</source>
        <translation>Neues Projekt: einen leeren Ordner wählen</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Save project as: choose an empty folder</source>
        <translation>Projekt speichern unter: einen leeren Ordner wählen</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Save the changes to this project?</source>
        <translation>Änderungen an diesem Projekt speichern?</translation>
    </message>
</context>
<context>
    <name>tgc::PromptVariants</name>
    <message>
        <source>report only</source>
        <translation>nur Befund</translation>
    </message>
    <message>
        <source>report + aux</source>
        <translation>Befund + Hilfsprompt</translation>
    </message>
    <message>
        <source>edited prompt</source>
        <translation>bearbeiteter Prompt</translation>
    </message>
    <message>
        <source>original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>paraphrased</source>
        <translation>umformuliert</translation>
    </message>
    <message>
        <source>clause dropped</source>
        <translation>Satzteil weggelassen</translation>
    </message>
    <message>
        <source>left ↔ right</source>
        <translation>links ↔ rechts</translation>
    </message>
    <message>
        <source>organ swapped</source>
        <translation>Organ getauscht</translation>
    </message>
</context>
<context>
    <name>tgc::ProposalClicks</name>
    <message>
        <source>Click: add</source>
        <translation>Klick: hinzufügen</translation>
    </message>
    <message>
        <source>Click: remove</source>
        <translation>Klick: wegnehmen</translation>
    </message>
</context>
<context>
    <name>tgc::ProposalController</name>
    <message>
        <source>Cannot generate a mask</source>
        <translation>Keine Maske erzeugbar</translation>
    </message>
    <message>
        <source>Open an image first.</source>
        <translation>Öffnen Sie zuerst ein Bild.</translation>
    </message>
    <message>
        <source>No model is loaded: choose one in the Models menu.</source>
        <translation>Kein Modell geladen: wählen Sie eines im Menü Modelle.</translation>
    </message>
    <message>
        <source>The report is empty: type what to segment (e.g. &quot;the liver&quot;).</source>
        <translation>Der Befund ist leer: geben Sie ein, was segmentiert werden soll (z. B. &quot;the liver&quot;).</translation>
    </message>
    <message>
        <source>Generating the mask of slice %1…</source>
        <translation>Erzeuge die Maske von Schicht %1…</translation>
    </message>
    <message>
        <source>Generating the mask of %1 slices…</source>
        <translation>Erzeuge die Maske von %1 Schichten…</translation>
    </message>
    <message>
        <source>Generation cancelled after %1 of %2 slices.</source>
        <translation>Erzeugung nach %1 von %2 Schichten abgebrochen.</translation>
    </message>
    <message>
        <source>1 slice</source>
        <translation>1 Schicht</translation>
    </message>
    <message>
        <source>%1 slices</source>
        <translation>%1 Schichten</translation>
    </message>
    <message>
        <source>%1: %2 in %3 ms on %4</source>
        <translation>%1: %2 in %3 ms auf %4</translation>
    </message>
    <message>
        <source>; the report was cut to CLIP&apos;s 77 tokens</source>
        <translation>; der Befund wurde auf CLIPs 77 Tokens gekürzt</translation>
    </message>
    <message>
        <source>The model failed: %1</source>
        <translation>Das Modell ist gescheitert: %1</translation>
    </message>
    <message>
        <source>The prompt changed: generation stopped. Generate again for the new text.</source>
        <translation>Der Prompt hat sich geändert: Erzeugung gestoppt. Für den neuen Text erneut erzeugen.</translation>
    </message>
    <message>
        <source>The proposal was not saved</source>
        <translation>Der Vorschlag wurde nicht gespeichert</translation>
    </message>
    <message>
        <source>Accept proposal on slice</source>
        <translation>Vorschlag in der Schicht übernehmen</translation>
    </message>
    <message>
        <source>Accepted on this slice: %1 voxels changed</source>
        <translation>In dieser Schicht übernommen: %1 Voxel geändert</translation>
    </message>
    <message>
        <source>Accept proposal</source>
        <translation>Vorschlag übernehmen</translation>
    </message>
    <message>
        <source>Proposal accepted: %1 voxels changed (Ctrl+Z takes it back)</source>
        <translation>Vorschlag übernommen: %1 Voxel geändert (Strg+Z nimmt es zurück)</translation>
    </message>
    <message>
        <source>Proposal rejected.</source>
        <translation>Vorschlag verworfen.</translation>
    </message>
    <message>
        <source>The saved proposal does not fit this image&apos;s grid: not shown</source>
        <translation>Der gespeicherte Vorschlag passt nicht zum Raster dieses Bildes: nicht angezeigt</translation>
    </message>
    <message>
        <source>Saved proposal of %1 (threshold %2)</source>
        <translation>Gespeicherter Vorschlag von %1 (Schwelle %2)</translation>
    </message>
    <message numerus="yes">
        <source>%1: slice %2 refined with %n click(s) in %3 ms on %4</source>
        <translation>
            <numerusform>%1: Schicht %2 mit %n Klick in %3 ms auf %4 verfeinert</numerusform>
            <numerusform>%1: Schicht %2 mit %n Klicks in %3 ms auf %4 verfeinert</numerusform>
        </translation>
    </message>
    <message>
        <source>; this model was not trained on clicks: they were ignored</source>
        <translation>; dieses Modell wurde nicht auf Klicks trainiert: sie wurden übergangen</translation>
    </message>
    <message>
        <source>This proposal came from the model %1: choose it in the Models menu to refine the proposal with clicks.</source>
        <translation>Dieser Vorschlag stammt vom Modell %1: Wählen Sie es im Menü Modelle, um den Vorschlag mit Klicks zu verfeinern.</translation>
    </message>
    <message numerus="yes">
        <source>Refining slice %1 with %n click(s)…</source>
        <translation>
            <numerusform>Verfeinere Schicht %1 mit %n Klick…</numerusform>
            <numerusform>Verfeinere Schicht %1 mit %n Klicks…</numerusform>
        </translation>
    </message>
    <message>
        <source>The proposal is still being generated: click again once it is shown.</source>
        <translation>Der Vorschlag wird noch erzeugt: klicken Sie erneut, sobald er angezeigt wird.</translation>
    </message>
    <message>
        <source>The model failed: %1. The click was taken back (Redo tries it again).</source>
        <translation>Das Modell ist gescheitert: %1. Der Klick wurde zurückgenommen (Wiederholen versucht es erneut).</translation>
    </message>
</context>
<context>
    <name>tgc::ProposalNotices</name>
    <message>
        <source>Not found in this volume (%1)</source>
        <translation>In diesem Volumen nicht gefunden (%1)</translation>
    </message>
    <message>
        <source>Not found in this slice (%1)</source>
        <translation>In dieser Schicht nicht gefunden (%1)</translation>
    </message>
    <message>
        <source>Not found in %1 of %2 slices: their masks are left out</source>
        <translation>In %1 von %2 Schichten nicht gefunden: Ihre Masken werden weggelassen</translation>
    </message>
    <message>
        <source>Whether this image is like the model&apos;s training data: unknown (the checkpoint does not describe its training images)</source>
        <translation>Ob dieses Bild den Trainingsdaten des Modells ähnelt: unbekannt (der Checkpoint beschreibt seine Trainingsbilder nicht)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>This image is unlike the model&apos;s training data (%1): check the mask. (distance %2, typical up to %3)</source>
        <translation>Dieses Bild ähnelt den Trainingsdaten des Modells nicht (%1): Prüfen Sie die Maske. (Abstand %2, typisch bis %3)</translation>
    </message>
</context>
<context>
    <name>tgc::ProposalPanel</name>
    <message>
        <source>Proposal (model)</source>
        <translation>Vorschlag (Modell)</translation>
    </message>
    <message>
        <source>This slice</source>
        <translation>Diese Schicht</translation>
    </message>
    <message>
        <source>Whole volume</source>
        <translation>Ganzes Volumen</translation>
    </message>
    <message>
        <source>Generate mask</source>
        <translation>Maske erzeugen</translation>
    </message>
    <message>
        <source>Ask the model for the mask the report describes (Ctrl+G)</source>
        <translation>Das Modell nach der vom Befund beschriebenen Maske fragen (Strg+G)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <source>Probability at which a voxel belongs to the proposal: the proposal follows at once, the model does not run again</source>
        <translation>Wahrscheinlichkeit, ab der ein Voxel zum Vorschlag gehört: der Vorschlag folgt sofort, das Modell rechnet nicht erneut</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>adds to the active label</source>
        <translation>ergänzt das aktive Label</translation>
    </message>
    <message>
        <source>replaces the active label</source>
        <translation>ersetzt das aktive Label</translation>
    </message>
    <message>
        <source>Into the active label, every slice; one undo step</source>
        <translation>In das aktive Label, alle Schichten; ein Rückgängig-Schritt</translation>
    </message>
    <message>
        <source>Accept slice</source>
        <translation>Schicht übernehmen</translation>
    </message>
    <message>
        <source>Only on the slice of the view the pointer was last in</source>
        <translation>Nur in der Schicht der Ansicht, in der der Zeiger zuletzt war</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>%1 / %2 slices</source>
        <translation>%1 / %2 Schichten</translation>
    </message>
</context>
<context>
    <name>tgc::ReportPanel</name>
    <message>
        <source> +%1</source>
        <translation> +%1</translation>
    </message>
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
        <source>Left out to fit 77 tokens: %1 (select part of the report).</source>
        <translation>Für 77 Tokens weggelassen: %1 (Teil des Befunds markieren).</translation>
    </message>
    <message>
        <source>%1%2 / %3 tokens</source>
        <translation>%1%2 / %3 Tokens</translation>
    </message>
    <message>
        <source> — too long: the model reads only the first %1</source>
        <translation> — zu lang: das Modell liest nur die ersten %1</translation>
    </message>
    <message>
        <source>Tokens of the %1 tokenizer, start and end included</source>
        <translation>Tokens des Tokenizers %1, Start und Ende eingeschlossen</translation>
    </message>
    <message>
        <source>At least this many: %1</source>
        <translation>Mindestens so viele: %1</translation>
    </message>
    <message>
        <source>Report (primary prompt) — %1, edited</source>
        <translation>Befund (primärer Prompt) — %1, bearbeitet</translation>
    </message>
    <message>
        <source>Report (primary prompt) — %1</source>
        <translation>Befund (primärer Prompt) — %1</translation>
    </message>
</context>
<context>
    <name>tgc::ReviewWindow</name>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Outlines of</source>
        <translation>Umrisse von</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>Annotierende</translation>
    </message>
    <message>
        <source>Agreement between every two annotators</source>
        <translation>Übereinstimmung zwischen je zwei Annotierenden</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Annotator A</source>
        <translation>Annotierende A</translation>
    </message>
    <message>
        <source>Annotator B</source>
        <translation>Annotierende B</translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>IoU</source>
        <translation>IoU</translation>
    </message>
    <message>
        <source>HD95 mm</source>
        <translation>HD95 mm</translation>
    </message>
    <message>
        <source>ΔVol mL</source>
        <translation>ΔVol. mL</translation>
    </message>
    <message>
        <source>Accept as final</source>
        <translation>Als endgültig annehmen</translation>
    </message>
    <message>
        <source>Record this annotator&apos;s SEG as the series&apos; final mask</source>
        <translation>Das SEG dieser Annotatorin oder dieses Annotators als endgültige Maske der Serie festhalten</translation>
    </message>
    <message>
        <source>Majority vote</source>
        <translation>Mehrheitsentscheid</translation>
    </message>
    <message>
        <source>STAPLE</source>
        <translation>STAPLE</translation>
    </message>
    <message>
        <source>Push the consensus of every annotator&apos;s mask as your SEG and record it as final</source>
        <translation>Den Konsens aller Masken als Ihr SEG senden und als endgültig festhalten</translation>
    </message>
    <message>
        <source>Consensus:</source>
        <translation>Konsens:</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n annotator(s)</source>
        <translation>
            <numerusform>%1 — %n Person annotiert</numerusform>
            <numerusform>%1 — %n Personen annotiert</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source> (from a %1 proposal)</source>
        <translation> (aus einem Vorschlag von %1)</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier SEG(s) of the same annotators not compared</source>
        <translation>
            <numerusform>%n früheres SEG derselben Personen nicht verglichen</numerusform>
            <numerusform>%n frühere SEGs derselben Personen nicht verglichen</numerusform>
        </translation>
    </message>
    <message>
        <source>– (one empty)</source>
        <translation>– (eine leer)</translation>
    </message>
    <message>
        <source>Only one annotator&apos;s SEG: accept it, or wait for another.</source>
        <translation>Nur ein SEG einer Person: nehmen Sie es an oder warten Sie auf ein weiteres.</translation>
    </message>
    <message>
        <source>Compare the outlines, then accept one mask or push a consensus.</source>
        <translation>Vergleichen Sie die Umrisse, dann nehmen Sie eine Maske an oder senden einen Konsens.</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Start from this annotator&apos;s mask in the annotation view (the series must be pulled into the project); push it as your SEG, then accept it as final here</source>
        <translation>Mit der Maske dieser Person in der Annotationsansicht beginnen (die Serie muss im Projekt sein); als Ihr SEG senden, dann hier als endgültig annehmen</translation>
    </message>
</context>
<context>
    <name>tgc::SeriesReviewer</name>
    <message>
        <source>Fetching every SEG of %1…</source>
        <translation>Alle SEGs von %1 werden geholt…</translation>
    </message>
    <message>
        <source>%1&apos;s mask</source>
        <translation>die Maske von %1</translation>
    </message>
    <message>
        <source>Building the %1 consensus and pushing it…</source>
        <translation>Der Konsens (%1) wird gebildet und gesendet…</translation>
    </message>
    <message>
        <source>the STAPLE consensus</source>
        <translation>der STAPLE-Konsens</translation>
    </message>
    <message>
        <source>the majority-vote consensus</source>
        <translation>der Mehrheitskonsens</translation>
    </message>
    <message>
        <source>Final: %1 (SEG %2); the series is reviewed.</source>
        <translation>Endgültig: %1 (SEG %2); die Serie ist geprüft.</translation>
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
        <translation>Wird in den Fällen vermerkt, die Sie bearbeiten; eine Prüfung braucht einen anderen Namen</translation>
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
    <message>
        <source>Below this probability that the report&apos;s target is in the slice, the model&apos;s mask is not shown and the panel says &quot;not found&quot; (0: always shown). Models without a presence head always show their mask.</source>
        <translation>Unter dieser Wahrscheinlichkeit, dass das Ziel des Befunds in der Schicht ist, wird die Maske des Modells nicht gezeigt und das Feld sagt „nicht gefunden“ (0: immer gezeigt). Modelle ohne Präsenzkopf zeigen ihre Maske immer.</translation>
    </message>
    <message>
        <source>Hide a proposal below presence:</source>
        <translation>Vorschlag unter dieser Präsenz ausblenden:</translation>
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
    <name>tgc::StatusFields</name>
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
</context>
<context>
    <name>tgc::TeamWorklist</name>
    <message>
        <source>You hold this series now.</source>
        <translation>Sie halten diese Serie jetzt.</translation>
    </message>
    <message>
        <source>%1 claimed this series first.</source>
        <translation>%1 hat diese Serie zuerst übernommen.</translation>
    </message>
    <message>
        <source>This series changed since it was shown: %1. Nothing was changed; look again.</source>
        <translation>Diese Serie hat sich seit der Anzeige geändert: %1. Nichts wurde geändert; sehen Sie erneut nach.</translation>
    </message>
    <message>
        <source>Released.</source>
        <translation>Freigegeben.</translation>
    </message>
    <message>
        <source>Submitted for review.</source>
        <translation>Zur Prüfung eingereicht.</translation>
    </message>
    <message>
        <source>Taken over from %1.</source>
        <translation>Von %1 übernommen.</translation>
    </message>
    <message>
        <source>The server cannot be reached and no project is open to keep the change: it was not made.</source>
        <translation>Der Server ist nicht erreichbar und kein Projekt ist offen, um die Änderung aufzubewahren: Sie wurde nicht vorgenommen.</translation>
    </message>
    <message>
        <source>The server cannot be reached: &quot;%1&quot; waits in the project and is sent when it answers again.</source>
        <translation>Der Server ist nicht erreichbar: „%1“ wartet im Projekt und wird gesendet, sobald er wieder antwortet.</translation>
    </message>
    <message>
        <source>Not sent, the series changed while you were offline: %1</source>
        <translation>Nicht gesendet, die Serie hat sich geändert, während Sie offline waren: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) made offline sent to the server.</source>
        <translation>
            <numerusform>%n offline vorgenommene Änderung an den Server gesendet.</numerusform>
            <numerusform>%n offline vorgenommene Änderungen an den Server gesendet.</numerusform>
        </translation>
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

Needs an X display for VTK&apos;s OpenGL rendering.</source>
        <translation>3D-Ansicht

Benötigt ein X-Display für VTKs OpenGL-Darstellung.</translation>
    </message>
</context>
</TS>
