package dev.gantry.actions.reports;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JDK's XML parsers, hardened for files written by untrusted builds: no external entities, no external DTDs or
 * schemas, no XInclude, and the JDK's secure-processing limits against entity expansion ("billion laughs").
 * Document type declarations are allowed (JaCoCo writes one) but never fetched.
 */
final class SafeXml {
    private SafeXml() {
    }

    /** Parses a whole file. */
    static Document parse(Path file) throws ReportParseException, IOException {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilder b = factory().newDocumentBuilder();
            b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            b.setErrorHandler(null);
            return b.parse(in);
        } catch (SAXParseException e) {
            throw new ReportParseException("not well-formed XML at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage());
        } catch (SAXException e) {
            throw new ReportParseException("not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(true);
        f.setValidating(false);
        return f;
    }

    /** Every element below {@code root} (at any depth) with this local name, in document order. */
    static List<Element> all(Element root, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList nl = root.getElementsByTagNameNS("*", localName);
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    /** The direct children of {@code parent} with this local name. */
    static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(name(e))) {
                out.add(e);
            }
        }
        return out;
    }

    static Optional<Element> child(Element parent, String localName) {
        List<Element> c = children(parent, localName);
        return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0));
    }

    static String name(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    /** An attribute, or {@code ""}. */
    static String attr(Element e, String name) {
        return e.getAttribute(name);
    }

    static Double number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(s.trim().replace(",", ""));
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    static long count(Element e, String name) throws ReportParseException {
        String v = e.getAttribute(name);
        Double d = number(v);
        if (d == null) {
            throw new ReportParseException("<" + name(e) + "> has no numeric '" + name + "' attribute");
        }
        return d.longValue();
    }
}
