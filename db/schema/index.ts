export { auditLog } from './audit';
export { riskMatrices } from './matrices';
export { models } from './models';
export { settings } from './settings';
export { assessments } from './assessments';
export { reviewPlans, reviewTriggers } from './reviews';
export { findings, metricPoints, monitoringImports, watchLog } from './monitoring';
export { reports } from './reports';
export { people } from './people';
