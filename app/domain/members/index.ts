export * from "./id-number";
export * from "./register";
export * from "./person";
