/** The three priority lanes of the `canary` task queue. */
import { defineTaskFunction } from './define-task-function';

export const canaryHigh = defineTaskFunction('canary', 'high');
export const canaryNormal = defineTaskFunction('canary', 'normal');
export const canaryLow = defineTaskFunction('canary', 'low');
