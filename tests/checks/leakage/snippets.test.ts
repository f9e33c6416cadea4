import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPythonParser } from '../../../harness/python/parser.js';
import { createLeakageAnalyzer, type LeakageAnalyzer } from '../../../harness/checks/leakage/index.js';

/**
 * Small cases written after the detector, none copied from the corpus: each names the
 * kinds (and the line) it must report, or none for clean code that looks suspicious.
 */
interface Case { name: string; files: Record<string, string>; expect: [string, string, number][] }

const cases: Case[] = [
  { name: 'np.r_ joins train and test before fitting a scaler', files: { 'a.py': `import numpy as np
from sklearn.preprocessing import StandardScaler
X_tr, X_te = np.load('x_train.npy'), np.load('x_test.npy')
sc = StandardScaler().fit(np.r_[X_tr, X_te])
model.fit(sc.transform(X_tr), y)
` }, expect: [['a.py', 'preprocessing', 4]] },
  { name: 'test folder constant from a config module feeds the training generator', files: {
    'config.py': `import os\nBASE = '/data/covid'\nHOLD = os.path.join(BASE, 'test')\nTRAIN = os.path.join(BASE, 'train')\n`,
    'train.py': `from config import HOLD, TRAIN
from tensorflow.keras.preprocessing.image import ImageDataGenerator
g = ImageDataGenerator(rescale=1/255)
it = g.flow_from_directory(HOLD, target_size=(128, 128))
model.fit(it, epochs=3)
` }, expect: [['train.py', 'overlap', 5]] },
  { name: 'learning rate picked by test accuracy', files: { 'b.py': `from sklearn.metrics import accuracy_score
X_test, y_test = load('data/test')
best, best_lr = 0, None
for lr in [1e-2, 1e-3, 1e-4]:
    m = build(lr)
    m.fit(X_train, y_train, epochs=5)
    acc = accuracy_score(y_test, m.predict(X_test).round())
    if acc > best:
        best, best_lr = acc, lr
` }, expect: [['b.py', 'multi-test', 8]] },
  { name: 'np.append of test arrays into training arrays', files: { 'c.py': `import numpy as np
d = np.load('arrays.npz')
xs, ys = d['x_train'], d['y_train']
xs = np.append(xs, d['x_test'], axis=0)
ys = np.append(ys, d['y_test'])
net.fit(xs, ys, epochs=10)
` }, expect: [['c.py', 'overlap', 6]] },
  { name: 'best configuration from a sorted list of result dicts', files: { 'd.py': `results = []
for d in [0.2, 0.5]:
    m = make(d)
    m.fit(tr_x, tr_y)
    loss, acc = m.evaluate(test_x, test_y)
    results.append({'dropout': d, 'test_acc': acc})
top = sorted(results, key=lambda r: r['test_acc'])[-1]
final = make(top['dropout'])
`.replace('test_x, test_y', "*load('covid/test')") }, expect: [['d.py', 'multi-test', 7]] },
  { name: 'StratifiedKFold over CT slices', files: { 'e.py': `import numpy as np, nibabel as nib
from sklearn.model_selection import StratifiedKFold
sl, lab = [], []
for f in files:
    v = nib.load(f).get_fdata()
    for i in range(v.shape[-1]):
        sl.append(v[..., i]); lab.append(int(v[..., i].max() > 0))
skf = StratifiedKFold(5, shuffle=True)
for a, b in skf.split(np.array(sl), lab):
    pass
` }, expect: [['e.py', 'split', 9]] },
  { name: 'test rows selected with == are appended to the training frame', files: { 'f.py': `import pandas as pd
df = pd.read_csv('meta.csv')
train_df = df[df.split == 'train']
test_df = df[df.split == 'test']
train_df = pd.concat([train_df, test_df])
flow = gen.flow_from_dataframe(train_df)
model.fit(flow)
` }, expect: [['f.py', 'overlap', 7]] },
  { name: 'clean: scaler on train, transform test, single evaluation', files: { 'g.py': `from sklearn.preprocessing import MinMaxScaler
from sklearn.model_selection import train_test_split
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)
mm = MinMaxScaler()
X_tr = mm.fit_transform(X_tr)
X_te = mm.transform(X_te)
clf.fit(X_tr, y_tr)
print('test', clf.score(X_te, y_te))
` }, expect: [] },
  { name: 'clean: test_model() evaluates the validation loader, best on validation', files: { 'h.py': `import torch
val_loader = make_loader('data/val')
def test_model(model, loader):
    return sum(criterion(model(x), y).item() for x, y in loader)
best = 1e9
for epoch in range(10):
    train_one(model, make_loader('data/train'))
    v = test_model(model, val_loader)
    if v < best:
        best = v
        torch.save(model.state_dict(), 'best.pt')
` }, expect: [] },
  { name: 'clean: per-image standardisation and tf.data maps', files: { 'i.py': `import tensorflow as tf
ds = tf.keras.utils.image_dataset_from_directory('covid/test')
ds = ds.map(lambda x, y: (tf.image.per_image_standardization(x), y))
means = [x.numpy().mean(axis=(1, 2, 3)) for x, _ in ds]
model.evaluate(ds)
` }, expect: [] },
  { name: 'clean: newest checkpoint chosen with max(key=...) and predictions sorted', files: { 'j.py': `import glob, os
import pandas as pd
ckpt = max(glob.glob('ckpt/*.h5'), key=os.path.getmtime)
model = load_model(ckpt)
preds = model.predict(test_images)
pd.DataFrame({'id': ids, 'p': preds.ravel()}).sort_values('p').to_csv('test_predictions.csv')
plt.plot(h.history['val_loss'], label='test')
` }, expect: [] },
  { name: 'clean: GroupShuffleSplit with groups given by position', files: { 'k.py': `from sklearn.model_selection import GroupShuffleSplit
slices = [vol[:, :, z] for vol in vols for z in range(vol.shape[2])]
gss = GroupShuffleSplit(n_splits=1, test_size=0.2)
tr, te = next(gss.split(slices, labels, pids))
` }, expect: [] },
  { name: 'clean: KFold over volume files, slices cut afterwards', files: { 'l.py': `from sklearn.model_selection import KFold
import numpy as np
files = sorted(glob('ct/*.nii.gz'))
for tr, va in KFold(5).split(files):
    xs = [s for f in np.array(files)[tr] for s in slices_of(f)]
` }, expect: [] },
  { name: 'clean: mean of the training set over the sample axis', files: { 'm.py': `import numpy as np
x_train = np.load('x_train.npy'); x_test = np.load('x_test.npy')
mu = np.mean(x_train, axis=0); sd = np.std(x_train, axis=0)
model.fit((x_train - mu) / sd, y_train)
model.evaluate((x_test - mu) / sd, y_test)
print('test pixel mean', x_test.mean())
` }, expect: [] },
  { name: 'checkpoint monitored on a held-out set that is a nested test split', files: { 'n.py': `from sklearn.model_selection import train_test_split
from tensorflow import keras
a, b, ya, yb = train_test_split(X, y, test_size=0.2)
c, d, yc, yd = train_test_split(a, ya, test_size=0.2)
cb = keras.callbacks.ModelCheckpoint('m.keras', monitor='val_auc', save_best_only=True)
model.fit(c, yc, validation_data=(b, yb), callbacks=[cb])
` }, expect: [['n.py', 'multi-test', 6]] },
  { name: 'own Dataset class built on the test split is trained on', files: { 'o.py': `import os, glob
from torch.utils.data import Dataset, DataLoader
class Xray(Dataset):
    def __init__(self, root, part):
        self.files = sorted(glob.glob(os.path.join(root, part, '*', '*.png')))
    def __len__(self):
        return len(self.files)
    def __getitem__(self, i):
        return read(self.files[i])
dl = DataLoader(Xray('/data', 'test'), batch_size=8)
for x, y in dl:
    opt.zero_grad()
    crit(net(x), y).backward()
    opt.step()
` }, expect: [['o.py', 'overlap', 13]] },
  { name: 'generator function over concatenated train and test arrays', files: { 'p.py': `import numpy as np
def batches(x, y, bs=32):
    while True:
        for i in range(0, len(x), bs):
            yield x[i:i + bs], y[i:i + bs]
xa, ya = np.load('train.npz')['x'], np.load('train.npz')['y']
xb, yb = np.load('test.npz')['x'], np.load('test.npz')['y']
model.fit(batches(np.concatenate([xa, xb]), np.concatenate([ya, yb])), steps_per_epoch=100)
` }, expect: [['p.py', 'overlap', 8]] },
  { name: 'global standardisation before a split by slicing', files: { 'q.py': `import numpy as np
X = np.load('all_images.npy')
X = (X - X.mean()) / X.std()
X_train, X_test = X[:800], X[800:]
model.fit(X_train, y[:800])
` }, expect: [['q.py', 'preprocessing', 3]] },
  { name: 'Normalization layer adapted on train and test together', files: { 'r.py': `import numpy as np
from tensorflow import keras
x_train, x_test = np.load('x_train.npy'), np.load('x_test.npy')
norm = keras.layers.Normalization()
norm.adapt(np.concatenate([x_train, x_test]))
model = keras.Sequential([norm, keras.layers.Dense(1)])
model.fit(x_train, y_train)
` }, expect: [['r.py', 'preprocessing', 5]] },
  { name: 'missing values filled with the mean of the whole table before the split', files: { 's.py': `import pandas as pd
from sklearn.model_selection import train_test_split
df = pd.read_csv('radiomics.csv')
df = df.fillna(df.mean())
a, b = train_test_split(df, test_size=0.2)
` }, expect: [['s.py', 'preprocessing', 4]] },
  { name: 'clean: helper fits on its first argument, called with train first', files: { 't.py': `from sklearn.preprocessing import StandardScaler
def prep(fit_on, other):
    s = StandardScaler().fit(fit_on)
    return s.transform(fit_on), s.transform(other)
X_tr, X_te = load('data/train'), load('data/test')
A, B = prep(X_tr, X_te)
clf.fit(A, y_tr)
print(clf.score(B, y_te))
` }, expect: [] },
  { name: 'the same helper called with the arguments swapped', files: { 'u.py': `from sklearn.preprocessing import StandardScaler
def prep(fit_on, other):
    s = StandardScaler().fit(fit_on)
    return s.transform(fit_on), s.transform(other)
X_tr, X_te = load('data/train'), load('data/test')
B, A = prep(X_te, X_tr)
clf.fit(A, y_tr)
` }, expect: [['u.py', 'preprocessing', 3]] },
  { name: 'a single split whose held-out part steers early stopping and gives the final score', files: { 'v.py': `from sklearn.model_selection import train_test_split
from tensorflow import keras
xa, xb, ya, yb = train_test_split(images, labels, test_size=0.2, random_state=0)
model.fit(xa, ya, epochs=50, validation_data=(xb, yb), callbacks=[keras.callbacks.EarlyStopping(patience=3)])
print('accuracy', model.evaluate(xb, yb))
` }, expect: [['v.py', 'multi-test', 4]] },
  { name: 'clean: a single train/validation split checked inside the epoch loop only', files: { 'w.py': `from sklearn.model_selection import train_test_split
tr, va = train_test_split(volume_files, test_size=0.2)
best = 0
for epoch in range(20):
    fit_epoch(model, loader(tr))
    d = dice_on(model, loader(va))
    if d > best:
        best = d
        torch.save(model.state_dict(), 'best.pt')
` }, expect: [] },
  { name: 'clean: per-image HWC to CHW transpose before a random split of X-ray images', files: { 'x.py': `import numpy as np
from sklearn.model_selection import train_test_split
imgs = []
for p in paths:
    imgs.append(np.transpose(read_rgb(p), (2, 0, 1)))
X = np.stack(imgs)
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)
` }, expect: [] },
  { name: 'scaler fitted on the whole set, then indices split', files: { 'y.py': `import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
X = np.load('features.npy')
X = StandardScaler().fit_transform(X)
i_tr, i_te = train_test_split(np.arange(len(X)), test_size=0.2)
clf.fit(X[i_tr], y[i_tr])
` }, expect: [['y.py', 'preprocessing', 5]] },
  { name: 'volumes moved to slices with += list(...) then split at random', files: { 'z.py': `import numpy as np
from sklearn.model_selection import train_test_split
slices = []
for v in vols:
    slices += list(np.moveaxis(v, -1, 0))
a, b = train_test_split(slices, test_size=0.2)
` }, expect: [['z.py', 'split', 6]] },
  { name: 'clean: folders in dict(train=..., test=...)', files: { 'aa.py': `DIRS = dict(train='xray/train', val='xray/val', test='xray/test')
tr = gen.flow_from_directory(DIRS['train'])
va = gen.flow_from_directory(DIRS['val'])
model.fit(tr, validation_data=va, epochs=10)
model.evaluate(gen.flow_from_directory(DIRS['test']))
` }, expect: [] },
  { name: 'epochs chosen with max(results, key=results.get) over test accuracy', files: { 'ab.py': `results = {}
te = gen.flow_from_directory('xray/test')
for epochs in [10, 20, 30]:
    m = build()
    m.fit(tr, epochs=epochs)
    results[epochs] = m.evaluate(te)[1]
best_epochs = max(results, key=results.get)
final = build()
` }, expect: [['ab.py', 'multi-test', 7]] },
  { name: 'pandas DataFrame.append of the test rows', files: { 'ac.py': `import pandas as pd
train_df = pd.read_csv('csv/train.csv')
test_df = pd.read_csv('csv/test.csv')
train_df = train_df.append(test_df, ignore_index=True)
model.fit(gen.flow_from_dataframe(train_df), epochs=5)
` }, expect: [['ac.py', 'overlap', 5]] },
  { name: 'a single split: the held-out part is trained on, then scored', files: { 'ad.py': `from sklearn.model_selection import train_test_split
xa, xb, ya, yb = train_test_split(X, y, test_size=0.25)
clf.fit(np.concatenate([xa, xb]), np.concatenate([ya, yb]))
print(classification_report(yb, clf.predict(xb)))
` }, expect: [['ad.py', 'overlap', 3]] },
  { name: 'an optuna objective scored on the test set', files: { 'ae.py': `import optuna
Xt, yt = load('data/test')
def objective(trial):
    m = make(trial.suggest_float('lr', 1e-5, 1e-2, log=True))
    m.fit(Xtr, ytr)
    return m.score(Xt, yt)
study = optuna.create_study(direction='maximize')
study.optimize(lambda t: objective(t), n_trials=20)
` }, expect: [['ae.py', 'multi-test', 8]] },
  { name: 'a Normalizer class of the student fitted on all images', files: { 'af.py': `import numpy as np
class Normalizer:
    def fit(self, x):
        self.mu, self.sd = x.mean(), x.std()
        return self
    def transform(self, x):
        return (x - self.mu) / self.sd
x_tr, x_te = np.load('train_x.npy'), np.load('test_x.npy')
norm = Normalizer().fit(np.concatenate([x_tr, x_te]))
model.fit(norm.transform(x_tr), y_tr)
` }, expect: [['af.py', 'preprocessing', 4]] },
  { name: 'a single split, no test folder: the held-out part is trained on', files: { 'ag.py': `import numpy as np
from sklearn.model_selection import train_test_split
X, y = np.load('xray_all.npy'), np.load('labels_all.npy')
X_fit, X_eval, y_fit, y_eval = train_test_split(X, y, test_size=0.2, stratify=y)
model.fit(np.vstack([X_fit, X_eval]), np.concatenate([y_fit, y_eval]), epochs=20)
` }, expect: [['ag.py', 'overlap', 5]] },
  { name: 'clean: a single train/validation split retrained on both, test folder scored once', files: { 'ah.py': `import numpy as np
from sklearn.model_selection import train_test_split
X, y = np.load('xray_all.npy'), np.load('labels_all.npy')
X_a, X_b, y_a, y_b = train_test_split(X, y, test_size=0.2)
model.fit(X_a, y_a, validation_data=(X_b, y_b), epochs=20)
final = build()
final.fit(np.concatenate([X_a, X_b]), np.concatenate([y_a, y_b]), epochs=14)
final.evaluate(gen.flow_from_directory('covid/test'))
` }, expect: [] },
  { name: 'a keras Sequence of the student wraps the test arrays for training', files: { 'ai.py': `import numpy as np
from tensorflow import keras
class Batches(keras.utils.Sequence):
    def __init__(self, x, y, bs=32):
        super().__init__()
        self.x, self.y, self.bs = x, y, bs
    def __len__(self):
        return len(self.x) // self.bs
    def __getitem__(self, i):
        return self.x[i * self.bs:(i + 1) * self.bs], self.y[i * self.bs:(i + 1) * self.bs]
arr = np.load('split_arrays.npz')
train_seq = Batches(np.concatenate([arr['x_train'], arr['x_test']]), np.concatenate([arr['y_train'], arr['y_test']]))
model.fit(train_seq, epochs=10)
` }, expect: [['ai.py', 'overlap', 13]] },
  { name: 'clean: per-image loop over the whole data set before a random split of X-rays', files: { 'aj.py': `import numpy as np
from sklearn.model_selection import train_test_split
x = np.load('xray_all.npy').astype('float32')
for i in range(x.shape[0]):
    x[i] = (x[i] - x[i].mean()) / (x[i].std() + 1e-6)
a, b, ya, yb = train_test_split(x, y, test_size=0.2)
` }, expect: [] },
  { name: 'the best of several models picked by a key that scores on test data', files: { 'ak.py': `x_te, y_te = load_arrays('arrays/test.npz')
models = [train(make(d), x_tr, y_tr) for d in (0.2, 0.4, 0.6)]
best_model = max(models, key=lambda m: m.evaluate(x_te, y_te)[1])
best_model.save('best.keras')
` }, expect: [['ak.py', 'multi-test', 3]] },
  { name: 'clean: a model named test_model chosen on validation; test files sorted by name', files: { 'al.py': `from tensorflow import keras
from sklearn.metrics import accuracy_score
inputs = keras.Input((128, 128, 1))
best, best_model = 0, None
for units in (32, 64):
    m = keras.Model(inputs, keras.layers.Dense(1, name='test_head')(keras.layers.Flatten()(inputs)), name='test_model')
    m.fit(x_tr, y_tr, epochs=5)
    acc = accuracy_score(y_va, m.predict(x_va).round())
    if acc > best:
        best, best_model = acc, m
files = sorted(glob.glob('covid/test/*/*.png'), key=lambda f: int(f.split('_')[-1][:-4]))
` }, expect: [] },
  { name: 'tf.data: a Normalization adapted on the whole dataset before take/skip', files: { 'am.py': `import tensorflow as tf
ds = tf.keras.utils.image_dataset_from_directory('covid_all', image_size=(128, 128), batch_size=None)
norm = tf.keras.layers.Normalization(axis=None)
norm.adapt(ds.map(lambda x, y: x))
n = int(0.8 * len(ds))
train_ds, test_ds = ds.take(n).batch(32), ds.skip(n).batch(32)
model = tf.keras.Sequential([norm, tf.keras.layers.Flatten(), tf.keras.layers.Dense(1)])
model.fit(train_ds, epochs=5)
` }, expect: [['am.py', 'preprocessing', 4]] },
  { name: 'pandas: rows of CT slices sampled at random for training', files: { 'an.py': `import pandas as pd
rows = []
for f in files:
    v = nib.load(f).get_fdata()
    for z in range(v.shape[2]):
        rows.append({'img': v[:, :, z], 'pid': f})
df = pd.DataFrame(rows)
train_df = df.sample(frac=0.8, random_state=0)
test_df = df.drop(train_df.index)
` }, expect: [['an.py', 'split', 8]] },
  { name: 'np.split after min-max scaling of the whole array', files: { 'ao.py': `import numpy as np
X = np.load('all.npy')
X = (X - X.min()) / (X.max() - X.min())
X_train, X_val, X_test = np.split(X, [700, 850])
model.fit(X_train, y_train, validation_data=(X_val, y_val))
` }, expect: [['ao.py', 'preprocessing', 3]] },
  { name: 'a running best kept with a conditional expression over test accuracy', files: { 'ap.py': `test_it = gen.flow_from_directory('covid/test', shuffle=False)
best_acc, best_rate = 0.0, None
for rate in (0.1, 0.3, 0.5):
    m = build(rate)
    m.fit(train_it, epochs=10)
    acc = m.evaluate(test_it)[1]
    best_rate = rate if acc > best_acc else best_rate
    best_acc = max(best_acc, acc)
` }, expect: [['ap.py', 'multi-test', 7]] },
  { name: 'clean: labels for a plot chosen by comparing test predictions with a threshold', files: { 'aq.py': `probs = model.predict(test_images).ravel()
threshold = 0.5
titles = ['COVID' if p > threshold else 'normal' for p in probs]
` }, expect: [] },
];

let analyzer: LeakageAnalyzer;
let dir: string;
beforeAll(async () => {
  analyzer = createLeakageAnalyzer(await createPythonParser());
  dir = mkdtempSync(join(tmpdir(), 'leak-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('leakage/static on small cases', () => {
  it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const c = cases[i]!;
    const root = join(dir, String(i));
    const paths = Object.entries(c.files).map(([rel, text]) => {
      const abs = join(root, rel);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
      return { abs, rel };
    });
    const got = analyzer.analyzeFiles(paths).map((f) => [f.file, f.kind, f.line] as [string, string, number]);
    expect(got).toEqual(c.expect);
  });
});
