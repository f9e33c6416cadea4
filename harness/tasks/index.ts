import { MedgradeError } from '../errors.js';
import type { TaskKind } from './types.js';
import { imageFolderTask } from './image-folder.js';
import { tableTask } from './table.js';
import { artifactsTask } from './artifacts.js';
import { segmentationTask } from './segmentation.js';

export type { HiddenSet, Measured, TaskKind } from './types.js';
export type { ClassPredictions } from './class-predictions.js';

/** One builder per rubric task.layout; segmentation registers its own line here. */
function builders(): Record<string, () => TaskKind<unknown>> {
  return {
    'image-folder': imageFolderTask as () => TaskKind<unknown>,
    table: tableTask as () => TaskKind<unknown>,
    artifacts: artifactsTask as () => TaskKind<unknown>,
    segmentation: segmentationTask as () => TaskKind<unknown>,
  };
}

export function taskLayouts(): string[] {
  return Object.keys(builders());
}

/** The task kind for a rubric's task.layout; an unknown layout is a usage error naming the known ones. */
export function taskKind(layout: string): TaskKind<unknown> {
  const build = builders()[layout];
  if (!build) throw new MedgradeError('E_USAGE', `no task kind for layout "${layout}" (known: ${taskLayouts().join(', ')})`);
  return build();
}
