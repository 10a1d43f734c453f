package dev.orch.engine.tasks;

/**
 * A dependency as written in PROMPT.md: {@code AUTH-000} or area-qualified {@code billing/BIL-002}.
 *
 * @param area the area qualifier, or null when unqualified
 * @param id   the referenced ID (syntactically valid)
 */
public record DependencyRef(String area, String id) {
    @Override
    public String toString() {
        return area == null ? id : area + "/" + id;
    }
}
