/** English messages of the pipeline screens (same keys as French). */
import type { pipelineFr } from '../fr/pipeline.ts';

export const pipelineEn: typeof pipelineFr = {
  title: 'pipeline',
};
