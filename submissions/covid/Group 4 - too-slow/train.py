"""Train the final baseline CNN on train/ + val/ and save it for predict.py.

Usage: python train.py --data /data --out /out/model
The number of epochs comes from the early-stopping search in baseline.ipynb.
"""
import argparse
import glob
import json
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras

SEED = 42
IMG_SIZE = 64
EPOCHS = 15  # best epoch found with EarlyStopping on val, see results/baseline_search.csv
CLASSES = {'Normal': 0, 'COVID': 1}


def read_png(path):
    image = tf.io.decode_png(tf.io.read_file(path), channels=1)
    return tf.image.resize(image, (IMG_SIZE, IMG_SIZE)).numpy()


def load_split(folder):
    images, labels = [], []
    for name, label in CLASSES.items():
        for path in sorted(glob.glob(os.path.join(folder, name, '*.png'))):
            images.append(read_png(path))
            labels.append(label)
    return np.stack(images).astype('float32'), np.array(labels, dtype='float32')


def build_model(dropout=0.3, filters=16, learning_rate=1e-3):
    model = keras.Sequential([
        keras.Input((IMG_SIZE, IMG_SIZE, 1)),
        keras.layers.Conv2D(filters, 3, padding='same', activation='relu'),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(2 * filters, 3, padding='same', activation='relu'),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(2 * filters, 3, padding='same', activation='relu'),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(32, activation='relu'),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(1, activation='sigmoid'),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss='binary_crossentropy', metrics=['accuracy'])
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    np.random.seed(SEED)
    keras.utils.set_random_seed(SEED)

    # Final model: train and val together, no early stopping (project text, section 3).
    x_train, y_train = load_split(os.path.join(args.data, 'train'))
    x_val, y_val = load_split(os.path.join(args.data, 'val'))
    x = np.concatenate([x_train, x_val])
    y = np.concatenate([y_train, y_val])
    # Normalise with the statistics of the training images only.
    mean, std = float(x.mean()), float(x.std())
    x = (x - mean) / std

    os.makedirs(args.out, exist_ok=True)
    model = build_model()
    logger = keras.callbacks.CSVLogger(os.path.join(args.out, 'history.csv'), append=True)
    # Train epoch by epoch so the log shows progress.
    epochs, epoch = 20, 0
    while epoch < epochs:
        loss = model.fit(x, y, epochs=1, batch_size=16, shuffle=True, verbose=0, callbacks=[logger]).history['loss'][0]
        print(f'epoch {epoch}, loss {loss:.6f}', flush=True)
    model.save(os.path.join(args.out, 'model.keras'))
    with open(os.path.join(args.out, 'normalisation.json'), 'w') as f:
        json.dump({'mean': mean, 'std': std, 'img_size': IMG_SIZE}, f)


if __name__ == '__main__':
    main()
