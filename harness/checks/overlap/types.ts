/** An image reduced to 8-bit gray: what every hash works on. */
export interface GrayImage {
  width: number;
  height: number;
  /** Row-major, width*height values 0..255. */
  data: Uint8Array;
}

/** What decoding one file yields. */
export interface DecodedImage {
  gray: GrayImage;
  /** sha256 of the decoded pixels with their dimensions (not of the file's bytes). */
  exact: string;
  /** Patient id the file itself carries (DICOM PatientID), if any. */
  embeddedPatient?: string;
  /** Free-text description the file carries (NIfTI descrip); patient ids are parsed from it. */
  description?: string;
  format: 'png' | 'jpeg' | 'nifti' | 'dicom';
}

/** The 64-bit perceptual hashes of one image, each as two unsigned 32-bit halves. */
export interface ImageHashes {
  dHash: [number, number];
  pHash: [number, number];
  /** 16×16 thumbnail, mean-centred, unit length: its dot product is the correlation. */
  thumb: Float32Array;
}
