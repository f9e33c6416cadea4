"""Times imagededup's PHash near-duplicate search over a folder (the peer in bench/overlap).

Usage: python imagededup_run.py IMAGE_DIR OUT_JSON WORKERS
Writes {"seconds": ..., "pairs": [[a, b], ...]} with each unordered pair once.
"""
import json
import sys
import time

from imagededup.methods import PHash


def main() -> None:
    image_dir, out_path, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    hasher = PHash(verbose=False)
    start = time.perf_counter()
    # the documented default: max_distance_threshold=10
    duplicates = hasher.find_duplicates(
        image_dir=image_dir, max_distance_threshold=10,
        num_enc_workers=workers, num_dist_workers=workers)
    seconds = time.perf_counter() - start
    pairs = sorted({tuple(sorted((a, b))) for a, found in duplicates.items() for b in found})
    with open(out_path, 'w') as f:
        json.dump({'seconds': seconds, 'files': len(duplicates), 'pairs': pairs}, f)


if __name__ == '__main__':
    main()
