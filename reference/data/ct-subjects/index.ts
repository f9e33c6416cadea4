export { generateCtSubjects, ctSubjectsOptionsSchema, invesaliusSource, splitOf, CT_SPLITS, type CtSubjectsOptions, type CtSubjectsResult, type CtSubjectSummary, type CtSplit } from './generate.js';
export { renderSubject, CT_CLASSES, type CtSource, type RenderedSubject, type SubjectOptions } from './subject.js';
