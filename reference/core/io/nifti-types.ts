/** One NIfTI datatype this reader and writer handle: its code, name and voxel size. */
export interface NiftiDatatype {
  code: number;
  name: VoxelTypeName;
  bytes: number;
}

export type VoxelTypeName = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64' | 'int64' | 'uint64';

export type VoxelArray =
  | Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * A volume as read from or written to NIfTI. `data` is in file order: the first
 * axis varies fastest (index = x + nx*(y + ny*z)), as nibabel's `order='F'`.
 * `shape` is [nx, ny, nz, ...]; `spacing` holds pixdim[1..ndim] (mm, s);
 * `affine` maps voxel (i, j, k, 1) to world millimetres, row-major 4×4.
 */
export interface Volume {
  data: VoxelArray;
  shape: number[];
  spacing: number[];
  affine: number[][];
  /** Datatype stored in the file; data is Float32Array/Float64Array when scl_slope applied. */
  datatype: VoxelTypeName;
  description: string;
}

/** int64/uint64 are read into Float64Array (exact up to 2^53); complex and RGB are refused. */
export const NIFTI_DATATYPES: readonly NiftiDatatype[] = [
  { code: 2, name: 'uint8', bytes: 1 },
  { code: 4, name: 'int16', bytes: 2 },
  { code: 8, name: 'int32', bytes: 4 },
  { code: 16, name: 'float32', bytes: 4 },
  { code: 64, name: 'float64', bytes: 8 },
  { code: 256, name: 'int8', bytes: 1 },
  { code: 512, name: 'uint16', bytes: 2 },
  { code: 768, name: 'uint32', bytes: 4 },
  { code: 1024, name: 'int64', bytes: 8 },
  { code: 1280, name: 'uint64', bytes: 8 },
];

export function datatypeByCode(code: number): NiftiDatatype | undefined {
  return NIFTI_DATATYPES.find((d) => d.code === code);
}

export function datatypeOfArray(data: VoxelArray): NiftiDatatype {
  const name: VoxelTypeName =
    data instanceof Uint8Array ? 'uint8' : data instanceof Int8Array ? 'int8'
    : data instanceof Int16Array ? 'int16' : data instanceof Uint16Array ? 'uint16'
    : data instanceof Int32Array ? 'int32' : data instanceof Uint32Array ? 'uint32'
    : data instanceof Float32Array ? 'float32' : 'float64';
  return NIFTI_DATATYPES.find((d) => d.name === name)!;
}

/** An empty typed array of the type a datatype decodes to. */
export function allocateVoxels(name: VoxelTypeName, n: number): VoxelArray {
  switch (name) {
    case 'uint8': return new Uint8Array(n);
    case 'int8': return new Int8Array(n);
    case 'int16': return new Int16Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint32': return new Uint32Array(n);
    case 'float32': return new Float32Array(n);
    default: return new Float64Array(n);
  }
}
