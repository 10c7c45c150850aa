<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AttentionView</name>
    <message numerus="yes">
        <source>%Ln token(s)</source>
        <translation>
            <numerusform>%Ln token</numerusform>
            <numerusform>%Ln tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln layer(s)</source>
        <translation>
            <numerusform>%Ln layer</numerusform>
            <numerusform>%Ln layers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln head(s)</source>
        <translation>
            <numerusform>%Ln head</numerusform>
            <numerusform>%Ln heads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CheckReportWords</name>
    <message numerus="yes">
        <source>%Ln database(s)</source>
        <translation>
            <numerusform>%Ln database</numerusform>
            <numerusform>%Ln databases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln document</numerusform>
            <numerusform>%Ln documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln snapshot(s)</source>
        <translation>
            <numerusform>%Ln snapshot</numerusform>
            <numerusform>%Ln snapshots</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln tokenizer(s)</source>
        <translation>
            <numerusform>%Ln tokenizer</numerusform>
            <numerusform>%Ln tokenizers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln checkpoint(s)</source>
        <translation>
            <numerusform>%Ln checkpoint</numerusform>
            <numerusform>%Ln checkpoints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln search index(es)</source>
        <translation>
            <numerusform>%Ln search index</numerusform>
            <numerusform>%Ln search indexes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln problem(s) found (checked {checked}):</source>
        <translation>
            <numerusform>%Ln problem found (checked {checked}):</numerusform>
            <numerusform>%Ln problems found (checked {checked}):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more; run &apos;llmstudio check&apos; on the folder for the full list.</source>
        <translation>
            <numerusform>… and %Ln more; run &apos;llmstudio check&apos; on the folder for the full list.</numerusform>
            <numerusform>… and %Ln more; run &apos;llmstudio check&apos; on the folder for the full list.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClassifierView</name>
    <message numerus="yes">
        <source>%Ln labelled {split} document(s); rows of the matrix are the true labels.</source>
        <translation>
            <numerusform>%Ln labelled {split} document; rows of the matrix are the true labels.</numerusform>
            <numerusform>%Ln labelled {split} documents; rows of the matrix are the true labels.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln misclassified document(s), most confident mistakes first (double-click to fix the label)</source>
        <translation>
            <numerusform>%Ln misclassified document, most confident mistakes first (double-click to fix the label)</numerusform>
            <numerusform>%Ln misclassified documents, most confident mistakes first (double-click to fix the label)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s) labelled {true}, predicted {predicted} (double-click to open)</source>
        <translation>
            <numerusform>%Ln document labelled {true}, predicted {predicted} (double-click to open)</numerusform>
            <numerusform>%Ln documents labelled {true}, predicted {predicted} (double-click to open)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CleanPanel</name>
    <message numerus="yes">
        <source>Previewed %Ln document(s) in {seconds} s</source>
        <translation>
            <numerusform>Previewed %Ln document in {seconds} s</numerusform>
            <numerusform>Previewed %Ln documents in {seconds} s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cleaned %Ln document(s) ({rate} docs/s)</source>
        <translation>
            <numerusform>Cleaned %Ln document ({rate} docs/s)</numerusform>
            <numerusform>Cleaned %Ln documents ({rate} docs/s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s), not cleaned yet. Choose or edit a recipe, preview it, then run it; originals are never changed.</source>
        <translation>
            <numerusform>%Ln document, not cleaned yet. Choose or edit a recipe, preview it, then run it; originals are never changed.</numerusform>
            <numerusform>%Ln documents, not cleaned yet. Choose or edit a recipe, preview it, then run it; originals are never changed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Snapshot kept {kept} of %Ln document(s) ({chars} of {all_chars} characters after the last step).</source>
        <translation>
            <numerusform>Snapshot kept {kept} of %Ln document ({chars} of {all_chars} characters after the last step).</numerusform>
            <numerusform>Snapshot kept {kept} of %Ln documents ({chars} of {all_chars} characters after the last step).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConfusionHeatmap</name>
    <message numerus="yes">
        <source>%Ln document(s) labelled {true} were predicted {predicted}</source>
        <translation>
            <numerusform>%Ln document labelled {true} were predicted {predicted}</numerusform>
            <numerusform>%Ln documents labelled {true} were predicted {predicted}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentBrowserView</name>
    <message numerus="yes">
        <source>… (%Ln more character(s) not shown)</source>
        <translation>
            <numerusform>… (%Ln more character not shown)</numerusform>
            <numerusform>… (%Ln more characters not shown)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExperimentsPanel</name>
    <message numerus="yes">
        <source>Sweep {sweep} queued: %Ln trial(s).</source>
        <translation>
            <numerusform>Sweep {sweep} queued: %Ln trial.</numerusform>
            <numerusform>Sweep {sweep} queued: %Ln trials.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GeneratePairsDialog</name>
    <message numerus="yes">
        <source>{run} (%Ln step(s))</source>
        <translation>
            <numerusform>{run} (%Ln step)</numerusform>
            <numerusform>{run} (%Ln steps)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Histograms</name>
    <message numerus="yes">
        <source>%Ln document(s) sampled; median {median}</source>
        <translation>
            <numerusform>%Ln document sampled; median {median}</numerusform>
            <numerusform>%Ln documents sampled; median {median}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LabelPanel</name>
    <message numerus="yes">
        <source>Exported %Ln document(s) to {path}</source>
        <translation>
            <numerusform>Exported %Ln document to {path}</numerusform>
            <numerusform>Exported %Ln documents to {path}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln pair(s) into &apos;{schema}&apos;</source>
        <translation>
            <numerusform>Imported %Ln pair into &apos;{schema}&apos;</numerusform>
            <numerusform>Imported %Ln pairs into &apos;{schema}&apos;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %Ln pair(s) from run {run} to &apos;{schema}&apos;</source>
        <translation>
            <numerusform>Added %Ln pair from run {run} to &apos;{schema}&apos;</numerusform>
            <numerusform>Added %Ln pairs from run {run} to &apos;{schema}&apos;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln preference pair(s) to {path}</source>
        <translation>
            <numerusform>Exported %Ln preference pair to {path}</numerusform>
            <numerusform>Exported %Ln preference pairs to {path}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LabelReviewView</name>
    <message numerus="yes">
        <source>{first} / {second}: kappa {kappa}, agreement {agreement} over %Ln document(s)</source>
        <translation>
            <numerusform>{first} / {second}: kappa {kappa}, agreement {agreement} over %Ln document</numerusform>
            <numerusform>{first} / {second}: kappa {kappa}, agreement {agreement} over %Ln documents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message numerus="yes">
        <source>%Ln thread(s)</source>
        <translation>
            <numerusform>%Ln thread</numerusform>
            <numerusform>%Ln threads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PairLabelingView</name>
    <message numerus="yes">
        <source>Every pair of &apos;{schema}&apos; is answered by {annotator} (%Ln pair(s)). Import or generate more pairs, or train a reward model on them (llmstudio reward train).</source>
        <translation>
            <numerusform>Every pair of &apos;{schema}&apos; is answered by {annotator} (%Ln pair). Import or generate more pairs, or train a reward model on them (llmstudio reward train).</numerusform>
            <numerusform>Every pair of &apos;{schema}&apos; is answered by {annotator} (%Ln pairs). Import or generate more pairs, or train a reward model on them (llmstudio reward train).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %Ln pair(s) answered by {annotator}</source>
        <translation>
            <numerusform>{done} of %Ln pair answered by {annotator}</numerusform>
            <numerusform>{done} of %Ln pairs answered by {annotator}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Agreement {first} / {second}: kappa {kappa} over %Ln pair(s)</source>
        <translation>
            <numerusform>Agreement {first} / {second}: kappa {kappa} over %Ln pair</numerusform>
            <numerusform>Agreement {first} / {second}: kappa {kappa} over %Ln pairs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Playground</name>
    <message numerus="yes">
        <source>The sample ended after %Ln new token(s) because the model wrote the end of a document; this is how documents end in the training text. Generate again (with another seed) for a different continuation.</source>
        <translation>
            <numerusform>The sample ended after %Ln new token because the model wrote the end of a document; this is how documents end in the training text. Generate again (with another seed) for a different continuation.</numerusform>
            <numerusform>The sample ended after %Ln new tokens because the model wrote the end of a document; this is how documents end in the training text. Generate again (with another seed) for a different continuation.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReinforcementTab</name>
    <message numerus="yes">
        <source>Policy run {run} {status} after %Ln step(s): held-out reward {start} → {end}, KL {kl}.</source>
        <translation>
            <numerusform>Policy run {run} {status} after %Ln step: held-out reward {start} → {end}, KL {kl}.</numerusform>
            <numerusform>Policy run {run} {status} after %Ln steps: held-out reward {start} → {end}, KL {kl}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SchemaEditor</name>
    <message numerus="yes">
        <source>Delete &apos;{name}&apos;? This removes %Ln annotation(s) that use it.</source>
        <translation>
            <numerusform>Delete &apos;{name}&apos;? This removes %Ln annotation that uses it.</numerusform>
            <numerusform>Delete &apos;{name}&apos;? This removes %Ln annotations that use it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message numerus="yes">
        <source>Last import: {documents} from {files}, {skipped} skipped, %Ln error(s)</source>
        <translation>
            <numerusform>Last import: {documents} from {files}, {skipped} skipped, %Ln error</numerusform>
            <numerusform>Last import: {documents} from {files}, {skipped} skipped, %Ln errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove source {id} ({path}) and its %Ln document(s) from the project? Labels on those documents go with them.</source>
        <translation>
            <numerusform>Remove source {id} ({path}) and its %Ln document from the project? Labels on those documents go with them.</numerusform>
            <numerusform>Remove source {id} ({path}) and its %Ln documents from the project? Labels on those documents go with them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln problem(s) recorded for {path}</source>
        <translation>
            <numerusform>%Ln problem recorded for {path}</numerusform>
            <numerusform>%Ln problems recorded for {path}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TokenizerPanel</name>
    <message numerus="yes">
        <source>Trains on the latest cleaned snapshot ({snapshot}: %Ln document(s)).</source>
        <translation>
            <numerusform>Trains on the latest cleaned snapshot ({snapshot}: %Ln document).</numerusform>
            <numerusform>Trains on the latest cleaned snapshot ({snapshot}: %Ln documents).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⚠ %Ln document(s) arrived since the latest cleaning: a tokenizer trained now would not see them. Clean again first.</source>
        <translation>
            <numerusform>⚠ %Ln document arrived since the latest cleaning: a tokenizer trained now would not see them. Clean again first.</numerusform>
            <numerusform>⚠ %Ln documents arrived since the latest cleaning: a tokenizer trained now would not see them. Clean again first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message numerus="yes">
        <source>%Ln layer(s)</source>
        <translation>
            <numerusform>%Ln layer</numerusform>
            <numerusform>%Ln layers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln head(s)</source>
        <translation>
            <numerusform>%Ln head</numerusform>
            <numerusform>%Ln heads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln step(s)</source>
        <translation>
            <numerusform>%Ln step</numerusform>
            <numerusform>%Ln steps</numerusform>
        </translation>
    </message>
</context>
</TS>
