/**
 * Names of library calls the analysis gives a meaning to. Matching is on the called
 * name (the attribute or function name), so aliases such as `tf.keras.layers.X` and
 * `from keras.layers import X` behave alike.
 */

/** Objects whose .fit/.adapt learns statistics from data (preprocessing, not a model). */
export const TRANSFORMER_TYPES = /^(StandardScaler|MinMaxScaler|MaxAbsScaler|RobustScaler|Normalizer|Normalization|PCA|IncrementalPCA|KernelPCA|TruncatedSVD|FastICA|NMF|ImageDataGenerator|SimpleImputer|KNNImputer|IterativeImputer|PowerTransformer|QuantileTransformer|KBinsDiscretizer|SelectKBest|SelectPercentile|VarianceThreshold|TfidfVectorizer|CountVectorizer|FeatureAgglomeration|ZCAWhitening|Rescaling)$/;
/** Fitting these on any data leaks nothing about intensities or features. */
export const HARMLESS_FIT_TYPES = /^(LabelEncoder|OneHotEncoder|LabelBinarizer|MultiLabelBinarizer|OrdinalEncoder)$/;
export const RESAMPLER_TYPES = /^(SMOTE|SMOTENC|SMOTEN|ADASYN|BorderlineSMOTE|SVMSMOTE|KMeansSMOTE|RandomOverSampler|SMOTETomek|SMOTEENN)$/;
export const SEARCH_TYPES = /^(GridSearchCV|RandomizedSearchCV|HalvingGridSearchCV|HalvingRandomSearchCV|BayesSearchCV|Hyperband|RandomSearch|BayesianOptimization|GridSearch)$/;
export const CV_TYPES = /^(KFold|StratifiedKFold|RepeatedKFold|RepeatedStratifiedKFold|ShuffleSplit|StratifiedShuffleSplit|LeaveOneOut|LeavePOut|TimeSeriesSplit)$/;
export const GROUP_CV_TYPES = /^(GroupKFold|GroupShuffleSplit|StratifiedGroupKFold|LeaveOneGroupOut|LeavePGroupsOut)$/;
export const CALLBACK_TYPES = /^(EarlyStopping|ModelCheckpoint|ReduceLROnPlateau)$/;

/** Model training calls: their data arguments must not contain test data. */
export const TRAIN_METHODS = new Set(['fit', 'fit_generator', 'train_on_batch', 'partial_fit']);
/** Statistics that, computed over a data set, become normalisation parameters. */
export const STAT_FUNCS = new Set(['mean', 'std', 'var', 'percentile', 'quantile', 'median', 'min', 'max', 'amin', 'amax',
  'nanmean', 'nanstd', 'nanvar', 'nanpercentile', 'nanquantile', 'nanmedian', 'nanmin', 'nanmax', 'ptp']);
/** Calls that make augmented copies of images or volumes. */
export const AUGMENT_FUNCS = new Set(['fliplr', 'flipud', 'flip', 'rot90', 'random_transform', 'apply_transform',
  'flip_left_right', 'flip_up_down', 'random_flip_left_right', 'random_flip_up_down', 'rotate', 'random_rotation',
  'random_shift', 'random_zoom', 'elastic_transform']);
/** Selections over a collection of scores. */
export const SELECT_FUNCS = new Set(['argmax', 'argmin', 'nanargmax', 'nanargmin', 'idxmax', 'idxmin', 'sort_values',
  'nlargest', 'nsmallest', 'sorted', 'max', 'min']);
/** Calls that only describe a value: their result carries no data. */
export const SCALAR_FUNCS = new Set(['len', 'print', 'isinstance', 'type', 'id', 'hasattr', 'callable', 'repr', 'format',
  'exists', 'isfile', 'isdir', 'makedirs', 'mkdir', 'savefig', 'show', 'imshow', 'plot', 'title', 'xlabel', 'ylabel',
  'legend', 'set_title', 'axis', 'subplots', 'figure', 'tight_layout', 'summary', 'compile', 'manual_seed', 'seed',
  'set_seed', 'zero_grad', 'eval', 'train', 'count_params', 'getmtime', 'getctime']);
/** Attributes that describe an array rather than hold its data. */
export const META_ATTRS = new Set(['shape', 'ndim', 'dtype', 'size', 'device', 'name', 'classes', 'class_indices',
  'filenames', 'n', 'samples', 'batch_size', 'trainable', 'metrics_names']);
const METRIC_WORDS = /(^|_)(evaluate|score|accuracy|acc|auc|f1|dice|iou|jaccard|precision|recall|loss|metric|metrics|mse|mae|validate|test|sensitivity|specificity|kappa|roc|bce|ce|criterion)(_|$)|_score$|_loss$|^dice|^iou/i;

/** Is a call with this name a metric or an evaluation (so its result is a score)? */
export function isMetricName(name: string): boolean {
  return METRIC_WORDS.test(name);
}

const MODEL_FILE = /\.(h5|hdf5|keras|pt|pth|ckpt|pkl|joblib|onnx|pb|weights|tflite|json|yaml|yml|log|txt|pdf)$/i;
const SCORE_WORDS = new Set(['acc', 'accuracy', 'auc', 'f1', 'dice', 'iou', 'loss', 'score', 'precision', 'recall', 'mae', 'mse']);

/**
 * Labels a string literal carries: a path component or key naming the test, train or
 * validation set ("data/test", "imagesTs", "x_test"). Tokens are whole words, so
 * "latest", "contest" and "attest" are not tests. Model and log files are ignored.
 */
export function stringLabels(text: string): string[] {
  if (text.length === 0 || text.length > 300 || MODEL_FILE.test(text.trim())) return [];
  if (/\s{1,}\S+\s+\S+\s+\S+/.test(text)) return []; // prose, not a path or key
  const out = new Set<string>();
  for (const comp of text.split(/[\\/]/)) {
    if (/^(images|labels)Ts$/.test(comp)) out.add('T');
    if (/^(images|labels)Tr$/.test(comp)) out.add('TR');
    const words = comp.replace(/\.[A-Za-z0-9]{1,5}$/, '').split(/[^A-Za-z0-9]+/).map((w) => w.toLowerCase());
    if (words.some((w) => w === 'test' || w === 'testing' || w === 'testset' || w === 'holdout')) {
      out.add('T');
      if (words.some((w) => SCORE_WORDS.has(w))) out.add('TS');
    }
    if (words.some((w) => w === 'train' || w === 'training' || w === 'trainset')) out.add('TR');
    if (words.some((w) => w === 'val' || w === 'valid' || w === 'validation')) out.add('VAL');
  }
  return [...out];
}
