"""Lab 4: one mask per test slice.

Usage: python predict.py --model /model --images /test --out /out/masks
"""
import argparse
import os

import tensorflow as tf

from common import SIZE, read_png


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--model', required=True)
    parser.add_argument('--images', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()

    model = tf.keras.models.load_model(os.path.join(args.model, 'unet.keras'), compile=False)
    os.makedirs(args.out, exist_ok=True)
    names = sorted(n for n in os.listdir(args.images) if n.endswith('.png'))
    for name in names:
        x = tf.image.resize(read_png(os.path.join(args.images, name)), (SIZE, SIZE), method='area')[None] / 255.0
        labels = tf.argmax(model(x, training=False)[0], axis=-1, output_type=tf.int32)
        tf.io.write_file(os.path.join(args.out, name), tf.io.encode_png(tf.cast(labels[..., None], tf.uint8)))
    print('wrote', len(names), 'masks')


if __name__ == '__main__':
    main()
