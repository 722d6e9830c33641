/** The three priority lanes of the `analytics` task queue. */
import { defineTaskFunction } from './define-task-function';

export const analyticsHigh = defineTaskFunction('analytics', 'high');
export const analyticsNormal = defineTaskFunction('analytics', 'normal');
export const analyticsLow = defineTaskFunction('analytics', 'low');
