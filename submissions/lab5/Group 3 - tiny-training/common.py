"""Shared by train.py and predict.py: reading the slices and the model."""
import glob
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras

IMG_SIZE = 64
CLASSES = {'Normal': 0, 'Lesion': 1}


def read_png(path):
    image = tf.io.decode_png(tf.io.read_file(path), channels=1)
    return tf.image.resize(image, (IMG_SIZE, IMG_SIZE)).numpy() / 255.0


def load_split(folder):
    images, labels = [], []
    for name, label in CLASSES.items():
        for path in sorted(glob.glob(os.path.join(folder, name, '*.png'))):
            images.append(read_png(path))
            labels.append(label)
    return np.stack(images).astype('float32'), np.array(labels, dtype='float32')


def augmentation():
    """CT-specific: small rotations and shifts, contrast jitter, noise. No flips: laterality is clinical."""
    return keras.Sequential([
        keras.layers.RandomRotation(10 / 360, fill_mode='constant'),
        keras.layers.RandomTranslation(0.03, 0.03, fill_mode='constant'),
        keras.layers.RandomContrast(0.1),
        keras.layers.GaussianNoise(0.01),
    ], name='augmentation')


def build_model(learning_rate=1e-3):
    model = keras.Sequential([
        keras.Input((IMG_SIZE, IMG_SIZE, 1)),
        augmentation(),
        keras.layers.Conv2D(8, 3, padding='same', activation='relu'),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(16, 3, padding='same', activation='relu'),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, padding='same', activation='relu', name='last_conv'),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(32, activation='relu'),
        keras.layers.Dense(1, activation='sigmoid'),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss='binary_crossentropy',
                  metrics=['accuracy', keras.metrics.AUC(name='auc')])
    return model
