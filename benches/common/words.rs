//! The vocabulary of every generated input: made-up technical terms and
//! ordinary prose, nothing taken from any corpus.

use std::sync::OnceLock;

/// Modifiers of technical terms; a few are hyphenated compounds.
const MODIFIERS: &str = "
adaptive asynchronous atomic autonomous batch bayesian binary blocking canonical cascading
causal centralised circular cloud cold cognitive collaborative columnar composite concurrent
conditional consistent containerised contextual continuous contrastive convolutional cooperative
cryptographic cumulative declarative decentralised deep dense derived deterministic differential
digital directed discrete distributed dynamic elastic embedded encrypted ephemeral event
evolutionary explicit exponential federated fine graded generative geometric global gradient
graphical greedy hardware hashed heuristic hierarchical hybrid immutable implicit incremental
inductive inferential intelligent interactive interpretable inverse iterative kinetic lateral
latent layered lazy learned lexical linear local logical lossless lossy managed marginal
masked mechanical mobile modular monolithic multimodal mutual native network neural nominal
numerical observable offline online open operational optimal ordinal orthogonal parallel
parametric partial passive persistent physical pipelined planar predictive private probabilistic
procedural programmable progressive public quantised quantum random rational reactive recurrent
recursive redundant regional reinforced relational reliable remote replicated residual resilient
responsive reversible robust rolling scalable secure segmented semantic sequential serverless
shared signed simulated soft sparse spatial spectral speculative stable stateful stateless static
statistical stochastic streaming structural structured supervised symbolic synchronous synthetic
systolic temporal tensor textual threaded tiered topological transactional transient transparent
unified unsupervised variational vectorised versioned virtual visual volatile weighted wireless
real-time end-to-end zero-trust multi-tenant peer-to-peer read-only write-ahead copy-on-write
few-shot zero-shot self-supervised high-availability low-latency cross-region in-memory
";

/// Head nouns of technical terms.
const NOUNS: &str = "
abstraction accelerator adapter agent aggregate algorithm allocator analyser annotation anomaly
architecture archive artifact assertion attention autoscaler backend backlog backoff balancer
baseline benchmark bitmap blob bloom boundary broker buffer bus cache calibration canary
capability certificate channel checkpoint cipher circuit classifier client clock cluster codec
collector compiler component compression consensus console constraint container controller
convolution coordinator corpus counter crawler daemon dashboard database dataset decoder
deployment descriptor detector dictionary digest dimension directory dispatcher distillation
driver embedding emulator encoder endpoint engine ensemble entity entropy environment estimator
evaluator executor exporter extractor fabric factor feature filter firewall fixture framework
function gateway generator graph grid handler hash heap histogram hypervisor identifier image
index inference ingress injector inspector instance interface interpreter inventory iterator
journal kernel key ladder layer ledger lexer library limiter linker loader lock logger loop
manifest mapper marshaller matrix mechanism memory mesh metric middleware migration mirror
model module monitor multiplexer namespace neuron node normaliser notebook object observer
operator optimiser orchestrator oracle packet parser partition payload perceptron permission
pipeline planner platform plugin pointer policy pool port predictor primitive probe processor
profile profiler projection prompt protocol provider proxy quantiser query queue quota ranker
reactor reader receiver recogniser record reducer regression registry regulariser relay renderer
replica repository request resolver resource router runtime sampler sandbox scheduler schema
scope scorer segment selector semaphore sensor sequencer serialiser server service session
shard signal simulator sink snapshot socket solver spanner specification spooler stack store
stream subscriber supervisor switch synthesiser table tagger target task template tensor
tokenizer topology tracer transaction transformer translator tree trigger tunnel validator
vault vector verifier viewer volume watcher webhook window worker workflow workload zone
";

/// Words with letters outside ASCII, used in some terms.
const NON_ASCII: &str = "
café naïve façade résumé crème señal Überwachung Straße Möbius Schrödinger Gödel Pólya Erdős
Łukasiewicz Čech Ångström smörgåsbord jalapeño déjà coöperative Zürich Kärcher Böhm Ørsted
Ænima Škoda Dvořák Lagrangé Fréchet Hölder Poincaré Lévy Müller Søren Øresund élan
";

/// Whole terms in scripts written without spaces.
const CJK_TERMS: &str = "
日本語 機械学習 深層学習 自然言語処理 分散システム 形態素解析 強化学習 画像認識 音声合成 検索エンジン
知識グラフ 推薦システム 異常検知 時系列予測 特徴抽出 データ基盤 クラウド基盤 分散台帳 量子計算 暗号通貨
情報検索 文書分類 感情分析 機械翻訳 対話システム 生成モデル 言語モデル 計算資源 並列処理 負荷分散
";

/// Syllables of made-up words.
const SYLLABLES: &str = "
ka lo ri ven tor zu mi dex qua lix nor bel cor fin gra hel jo kyr lum mar nex ov pel quo ras
sil tam ur vex wol xan yel zor ad ex in ul bri cla dro fle glo plu stra tri
";

/// Ordinary prose: function words, repeated to weight the common ones.
const FUNCTION: &str = "
the the the the a a an of of of to to to and and and in in is is that that it for for on with
as as be by this are was or at from but not have has can will which we you they their its
these those when where while because if then than so also more most such into over only about
each other some any many much very just both either between through during before after
";

/// Ordinary prose: words that are not part of any term.
const PROSE: &str = "
team teams people users writers readers developers engineers operators customers question
answer problem example reason result results approach change changes version release design
idea ideas system systems part parts way ways time times step steps case cases group groups
work works working worked make makes made use uses used using need needs needed keep keeps kept
show shows shown find finds found read reads write writes written run runs running build
builds built start starts started stop stops follow follows following explain explains explained
describe describes described choose chooses chosen compare compares compared measure measures
measured improve improves improved reduce reduces reduced allow allows allowed require requires
required provide provides provided support supports supported handle handles handled usually
often sometimes rarely always never quickly slowly carefully clearly simply roughly nearly
well better best small large larger simple complex common rare new old early late different
similar important useful difficult easy clear hidden visible typical practical general
specific human careful correct wrong fast slow cheap expensive short long first second last
next previous whole every same own several few little enough daily weekly section chapter
page document guide note notes list table figure detail details summary overview context
history future practice theory level levels number numbers amount cost costs value values
";

/// Verbs that start definition clauses.
const VERBS_3RD: &str = "uses needs keeps shows finds reads writes runs builds starts follows explains describes compares measures improves reduces allows requires provides supports handles";

/// Hosts of the external links in prose.
pub const TLDS: &[&str] = &[
    "example.com",
    "example.org",
    "docs.example.net",
    "wiki.example.io",
];

/// Info strings of fenced code blocks (empty: none).
pub const LANGS: &[&str] = &["python", "rust", "go", "yaml", "json", "bash", "sql", ""];

/// The word lists, split once.
pub struct Vocabulary {
    pub modifiers: Vec<&'static str>,
    pub nouns: Vec<&'static str>,
    pub non_ascii: Vec<&'static str>,
    pub cjk_terms: Vec<&'static str>,
    pub syllables: Vec<&'static str>,
    pub function: Vec<&'static str>,
    pub prose: Vec<&'static str>,
    pub verbs: Vec<&'static str>,
}

pub fn vocabulary() -> &'static Vocabulary {
    static WORDS: OnceLock<Vocabulary> = OnceLock::new();
    WORDS.get_or_init(|| {
        let split = |s: &'static str| s.split_whitespace().collect();
        Vocabulary {
            modifiers: split(MODIFIERS),
            nouns: split(NOUNS),
            non_ascii: split(NON_ASCII),
            cjk_terms: split(CJK_TERMS),
            syllables: split(SYLLABLES),
            function: split(FUNCTION),
            prose: split(PROSE),
            verbs: split(VERBS_3RD),
        }
    })
}
