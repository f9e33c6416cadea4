"""Shared by train.py and predict.py: PNG loading, resizing and the U-Net."""
import os

import tensorflow as tf

CLASSES = ['background', 'extracerebral', 'csf', 'grey_matter', 'white_matter']
SIZE = 64  # slices are 128x128; training at 64x64 is 4x cheaper


def read_png(path):
    return tf.io.decode_png(tf.io.read_file(path), channels=1)


def load_split(folder):
    """Images resized by area averaging; masks by nearest neighbour, so no new labels appear."""
    names = sorted(os.listdir(os.path.join(folder, 'images')))
    images = tf.stack([tf.image.resize(read_png(os.path.join(folder, 'images', n)), (SIZE, SIZE), method='area') / 255.0
                       for n in names])
    masks = tf.stack([tf.image.resize(read_png(os.path.join(folder, 'masks', n)), (SIZE, SIZE), method='nearest')
                      for n in names])
    return images, tf.cast(masks[..., 0], tf.int32)


def conv_block(x, filters):
    x = tf.keras.layers.Conv2D(filters, 3, padding='same', activation='relu')(x)
    return tf.keras.layers.Conv2D(filters, 3, padding='same', activation='relu')(x)


def build_unet(base=16):
    inputs = tf.keras.Input((SIZE, SIZE, 1))
    e1 = conv_block(inputs, base)
    e2 = conv_block(tf.keras.layers.MaxPooling2D()(e1), base * 2)
    mid = conv_block(tf.keras.layers.MaxPooling2D()(e2), base * 4)
    d2 = conv_block(tf.keras.layers.Concatenate()([tf.keras.layers.Conv2DTranspose(base * 2, 2, strides=2)(mid), e2]), base * 2)
    d1 = conv_block(tf.keras.layers.Concatenate()([tf.keras.layers.Conv2DTranspose(base, 2, strides=2)(d2), e1]), base)
    return tf.keras.Model(inputs, tf.keras.layers.Conv2D(len(CLASSES), 1, activation='softmax')(d1))
