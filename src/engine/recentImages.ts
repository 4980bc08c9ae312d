/**
 * The last few images decoded, by content and preprocessing: the view explains one image again and again
 * (another method, another class, another layer), and decoding and resampling it costs ~3 ms each time. A
 * file is still read and hashed on every request, so an image edited since is decoded anew.
 */
import type { Preprocessing } from '../protocol';
import { type DecodedImage, decodeImageBytes, readImageFile } from '../preprocess/image';
import { contentHash } from './modelSessions';

const KEPT = 2;

export class RecentImages {
  private entries: { key: string; image: Promise<DecodedImage> }[] = [];

  decode(path: string, pre: Preprocessing): Promise<DecodedImage> {
    return readImageFile(path).then((bytes) => {
      const key = `${contentHash(bytes)} ${JSON.stringify(pre)}`;
      const hit = this.entries.find((e) => e.key === key);
      if (hit) return hit.image;
      const image = decodeImageBytes(bytes, pre, path);
      this.entries = [{ key, image }, ...this.entries].slice(0, KEPT);
      // A file that fails to decode is not remembered.
      image.catch(() => (this.entries = this.entries.filter((e) => e.image !== image)));
      return image;
    });
  }
}
