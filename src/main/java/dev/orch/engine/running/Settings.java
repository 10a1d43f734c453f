package dev.orch.engine.running;

import dev.orch.engine.OrchConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a batch runs with, recorded in its state so that resume continues with them (not with whatever
 * the POM says by then).
 */
public record Settings(String agentCommand, int maxRetries, double taskTimeoutMinutes, double stallTimeoutMinutes,
                       String onTaskFailure, String onMergeFailure, String mergeOrder, String verifyCommand,
                       String mergeAgentCommand, String integration, int maxLanes, String strategy) {

    public static Settings of(OrchConfig config) {
        return new Settings(config.agentCommand(), config.maxRetries(), config.taskTimeoutMinutes(),
                config.stallTimeoutMinutes(), config.onTaskFailure(), config.onMergeFailure(), config.mergeOrder(),
                blankToNull(config.verifyCommand()), blankToNull(config.mergeAgentCommand()), config.integration(),
                config.maxLanes(), config.strategy().label());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("agentCommand", agentCommand);
        map.put("maxRetries", maxRetries);
        map.put("taskTimeout", taskTimeoutMinutes);
        map.put("stallTimeout", stallTimeoutMinutes);
        map.put("onTaskFailure", onTaskFailure);
        map.put("onMergeFailure", onMergeFailure);
        map.put("mergeOrder", mergeOrder);
        map.put("verifyCommand", verifyCommand);
        map.put("mergeAgentCommand", mergeAgentCommand);
        map.put("integration", integration);
        map.put("maxLanes", maxLanes);
        map.put("strategy", strategy);
        return map;
    }

    public static Settings fromMap(Map<String, Object> map) {
        return new Settings(string(map, "agentCommand"), ((Number) map.getOrDefault("maxRetries", 1)).intValue(),
                ((Number) map.getOrDefault("taskTimeout", 0)).doubleValue(),
                ((Number) map.getOrDefault("stallTimeout", 30)).doubleValue(),
                string(map, "onTaskFailure"), string(map, "onMergeFailure"), string(map, "mergeOrder"),
                string(map, "verifyCommand"), string(map, "mergeAgentCommand"), string(map, "integration"),
                ((Number) map.getOrDefault("maxLanes", 3)).intValue(), string(map, "strategy"));
    }

    private static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
