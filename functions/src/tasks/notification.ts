/** The three priority lanes of the `notification` task queue. */
import { defineTaskFunction } from './define-task-function';

export const notificationHigh = defineTaskFunction('notification', 'high');
export const notificationNormal = defineTaskFunction('notification', 'normal');
export const notificationLow = defineTaskFunction('notification', 'low');
