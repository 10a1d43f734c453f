package dev.orch.engine.reports;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses what the reports wrote, the way a strict consumer would. */
final class ReportFiles {
    private ReportFiles() {
    }

    /** A strict, non-validating XML parse with external entities and DTDs off. */
    static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        factory.setExpandEntityReferences(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setCoalescing(true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    static List<Element> elements(Document document, String tag) {
        NodeList list = document.getElementsByTagName(tag);
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            result.add((Element) list.item(i));
        }
        return result;
    }

    static List<Element> children(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            result.add((Element) list.item(i));
        }
        return result;
    }

    static boolean hasClass(Element element, String name) {
        for (String c : element.getAttribute("class").split("\\s+")) {
            if (c.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
