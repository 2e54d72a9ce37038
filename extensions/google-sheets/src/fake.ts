// Placeholder until the connector's fake is written (see ../README.md).
export {};
