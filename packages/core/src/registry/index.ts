export type { PluginRegistry, PluginEntry, PluginKind, PluginId, PluginOptions, PluginInstance, PluginContext, Provider, ProvidesMap, Plugin } from './types';
export { definePlugin, provide } from './define';
export { Registry, createRegistry, globalRegistry, type RegisteredPlugin } from './registry';
