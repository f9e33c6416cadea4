"""Lab 4: one mask per test slice, at the slice's own 128x128 size.

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
        image = read_png(os.path.join(args.images, name))
        height, width = image.shape[0], image.shape[1]
        x = tf.image.resize(image, (SIZE, SIZE), method='area')[None] / 255.0
        labels = tf.argmax(model(x, training=False)[0], axis=-1, output_type=tf.int32)
        # Back to the input's size; classes spread over 0..252 so the masks can be checked by eye.
        labels = tf.image.resize(labels[..., None], (height, width), method='nearest')
        tf.io.write_file(os.path.join(args.out, name), tf.io.encode_png(tf.cast(labels * 63, tf.uint8)))
    print('wrote', len(names), 'masks')


if __name__ == '__main__':
    main()
