export * from "./id-number";
export * from "./register";
