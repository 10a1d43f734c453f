package dev.orch.maven;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the plugin descriptor that maven-plugin-plugin generated from the annotations (what users really get). */
final class PluginDescriptor {
    static final Path FILE = Path.of("target", "classes", "META-INF", "maven", "plugin.xml");

    /** One mojo parameter as Maven sees it. */
    record Parameter(String name, String type, boolean editable, String description, String expression,
                     String defaultValue) {
    }

    /** One goal. */
    record Goal(String name, Map<String, String> flags, Map<String, Parameter> parameters) {
        boolean flag(String flag) {
            return Boolean.parseBoolean(flags.get(flag));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private PluginDescriptor() {
    }

    static Goal goal(String name) throws Exception {
        return goals().stream().filter(goal -> goal.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no goal " + name + " in " + FILE));
    }

    /** Every goal of the plugin, in descriptor order. */
    static List<Goal> goals() throws Exception {
        if (!Files.isRegularFile(FILE)) {
            throw new AssertionError(FILE + " is missing; run the tests through Maven (mvn test) so it is generated");
        }
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(FILE.toFile());
        NodeList mojos = document.getElementsByTagName("mojo");
        List<Goal> goals = new ArrayList<>();
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            goals.add(read(childText(mojo, "goal").orElseThrow(), mojo));
        }
        return goals;
    }

    private static Goal read(String name, Element mojo) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String flag : new String[] {"aggregator", "threadSafe", "requiresProject"}) {
            flags.put(flag, childText(mojo, flag).orElse(null));
        }
        Element configuration = child(mojo, "configuration").orElse(null);
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        Element parametersElement = child(mojo, "parameters").orElseThrow();
        NodeList list = parametersElement.getElementsByTagName("parameter");
        for (int i = 0; i < list.getLength(); i++) {
            Element parameter = (Element) list.item(i);
            String parameterName = childText(parameter, "name").orElseThrow();
            Optional<Element> configured = configuration == null ? Optional.empty() : child(configuration, parameterName);
            parameters.put(parameterName, new Parameter(
                    parameterName,
                    childText(parameter, "type").orElse(null),
                    Boolean.parseBoolean(childText(parameter, "editable").orElse("true")),
                    childText(parameter, "description").orElse(""),
                    configured.map(Element::getTextContent).map(String::trim).filter(s -> !s.isEmpty()).orElse(null),
                    configured.map(e -> e.getAttribute("default-value")).filter(s -> !s.isEmpty()).orElse(null)));
        }
        return new Goal(name, flags, parameters);
    }

    private static Optional<Element> child(Element parent, String tag) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(tag)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> childText(Element parent, String tag) {
        return child(parent, tag).map(Element::getTextContent).map(String::trim);
    }
}
