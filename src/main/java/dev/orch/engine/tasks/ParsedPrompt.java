package dev.orch.engine.tasks;

import java.util.List;

/**
 * What a PROMPT.md says, before validation against the rest of the backlog.
 *
 * @param id           the ID from the {@code # Task:} heading, else from the folder name (never null once
 *                     {@link PromptParser#parse} returned)
 * @param name         the title after the separator, or null
 * @param size         declared size (M when absent)
 * @param dependencies dependencies in order of appearance, without duplicates
 * @param fileScope    scope entries with backticks stripped, normalized (no leading "./", no trailing "/" or "/**")
 * @param model        the {@code **Model:**} value, or null
 */
public record ParsedPrompt(String id, String name, Size size, List<DependencyRef> dependencies,
                           List<String> fileScope, String model) {
}
