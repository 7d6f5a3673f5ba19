/**
 * The @nestjs/swagger compiler plugin with the options `nest build` gives it (nest-cli.json; openapi.spec.ts
 * checks that both say the same), as a ts-jest AST transformer: it reads the class-validator decorators and
 * doc comments of request DTOs and controllers, so the OpenAPI document follows the code without an
 * @ApiProperty on every field, and the document the tests serve is the one the built app serves.
 */
const plugin = require('@nestjs/swagger/plugin');

const openApiPluginOptions = {
  classValidatorShim: true,
  introspectComments: true,
  dtoFileNameSuffix: ['.dto.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
};

module.exports = {
  openApiPluginOptions,
  name: 'nestjs-swagger-plugin',
  // ts-jest keys its cache on this: bump it when the options change.
  version: 1,
  factory: (tsCompiler) => plugin.before(openApiPluginOptions, tsCompiler.program),
};
