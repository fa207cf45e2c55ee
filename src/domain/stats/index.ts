export { fisherExactTest, twoProportionZTest, type Proportion, type ProportionTest } from './proportions.ts';
export { mannWhitneyUTest, welchTTest, type MeanTest } from './means.ts';
export { erfc, incompleteBeta, logGamma, normalTwoSided, studentTwoSided } from './special-functions.ts';
