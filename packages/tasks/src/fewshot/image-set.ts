/**
 * A labelled set of square grayscale images with the same number of examples per class,
 * stored class-major: `pixels[((c * perClass + e) * size + y) * size + x]`, values in [0, 1].
 */
export interface LabeledImageSet {
  /** Name for messages and registry ids, e.g. `omniglot`. */
  readonly name: string;
  /** Side length of the square images. */
  readonly size: number;
  /** Number of classes C. */
  readonly classes: number;
  /** Examples per class E. */
  readonly perClass: number;
  /** C * E * size * size pixel values (0/1 bytes or floats in [0, 1]). */
  readonly pixels: Uint8Array | Float32Array;
  /** Optional group per class (the alphabet for Omniglot), for splitting by group. */
  readonly groups?: Int32Array;
}
