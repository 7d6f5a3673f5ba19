// The shared kernel: what every part of the app may use, parties, money, ids and the base error.
// It imports nothing of the app.
export * from './errors';
export * from './ids';
export * from './money';
export * from './parties';
