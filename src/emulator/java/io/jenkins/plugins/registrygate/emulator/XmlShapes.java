package io.jenkins.plugins.registrygate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A service model's shapes as XML, the way the query protocol's answers and REST-XML bodies carry them: a member is an
 * element named by its {@code locationName} (else its member name); a list is {@code <Name><member>…</member></Name>}
 * (the list member's {@code locationName} replacing {@code member}) or, {@code flattened}, one {@code <Name>} per
 * element; a map is {@code <Name><entry><key>…</key><value>…</value></entry></Name>} or, flattened, one
 * {@code <Name>} per entry; timestamps are ISO 8601 unless a {@code timestampFormat} says otherwise; blobs base64.
 * Members bound to HTTP (headers, URI, query string, status code) are not part of the XML.
 */
public final class XmlShapes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ServiceModel model;

    public XmlShapes(ServiceModel model) {
        this.model = model;
    }

    /** Writes the members of a structure value (not the structure's own element) into {@code out}. */
    public void writeMembers(StringBuilder out, String structureShape, JsonNode value) {
        ServiceModel.Shape s = model.shape(structureShape);
        for (Map.Entry<String, String> m : s.members().entrySet()) {
            JsonNode child = value.get(m.getKey());
            JsonNode ref = model.memberNode(structureShape, m.getKey());
            if (child == null || child.isNull() || ref.has("location")) {
                continue;
            }
            String name = ref.path("locationName").asText(m.getKey());
            write(out, m.getValue(), ref, name, child);
        }
    }

    /** Writes one value as the element {@code name} (or, for a flattened list or map, as repeated elements). */
    public void write(StringBuilder out, String shapeName, JsonNode ref, String name, JsonNode value) {
        ServiceModel.Shape s = model.shape(shapeName);
        JsonNode shapeNode = model.shapeNode(shapeName);
        boolean flattened = shapeNode.path("flattened").asBoolean(false) || ref.path("flattened").asBoolean(false);
        switch (s.type()) {
            case "structure" -> {
                out.append('<').append(name).append('>');
                writeMembers(out, shapeName, value);
                out.append("</").append(name).append('>');
            }
            case "list" -> {
                JsonNode memberRef = model.memberNode(shapeName, "member");
                if (flattened) {
                    String elementName = memberRef.path("locationName").asText(name);
                    for (JsonNode el : value) {
                        write(out, s.member(), memberRef, elementName, el);
                    }
                } else {
                    String elementName = memberRef.path("locationName").asText("member");
                    out.append('<').append(name).append('>');
                    for (JsonNode el : value) {
                        write(out, s.member(), memberRef, elementName, el);
                    }
                    out.append("</").append(name).append('>');
                }
            }
            case "map" -> {
                JsonNode keyRef = model.memberNode(shapeName, "key");
                JsonNode valueRef = model.memberNode(shapeName, "value");
                String keyName = keyRef.path("locationName").asText("key");
                String valueName = valueRef.path("locationName").asText("value");
                if (!flattened) {
                    out.append('<').append(name).append('>');
                }
                value.properties().forEach(e -> {
                    out.append('<').append(flattened ? name : "entry").append('>');
                    write(out, s.key(), keyRef, keyName, NODES.textNode(e.getKey()));
                    write(out, s.value(), valueRef, valueName, e.getValue());
                    out.append("</").append(flattened ? name : "entry").append('>');
                });
                if (!flattened) {
                    out.append("</").append(name).append('>');
                }
            }
            default -> out.append('<').append(name).append('>')
                    .append(WireValues.xmlEscape(WireValues.text(s, value, ref.path("timestampFormat").asText("iso8601"))))
                    .append("</").append(name).append('>');
        }
    }

    /** Reads the XML document {@code xml} as a value of the shape (its root element stands for the shape). */
    public JsonNode readDocument(String shapeName, byte[] xml) {
        return read(shapeName, parse(xml).getDocumentElement(), shapeName);
    }

    /** Reads an element as a value of the shape. */
    public JsonNode read(String shapeName, Element element, String where) {
        ServiceModel.Shape s = model.shape(shapeName);
        switch (s.type()) {
            case "structure" -> {
                ObjectNode out = NODES.objectNode();
                for (Map.Entry<String, String> m : s.members().entrySet()) {
                    JsonNode ref = model.memberNode(shapeName, m.getKey());
                    if (ref.has("location")) {
                        continue;
                    }
                    String name = ref.path("locationName").asText(m.getKey());
                    ServiceModel.Shape ms = model.shape(m.getValue());
                    boolean flattened = model.shapeNode(m.getValue()).path("flattened").asBoolean(false)
                            || ref.path("flattened").asBoolean(false);
                    if (flattened && "list".equals(ms.type())) {
                        JsonNode memberRef = model.memberNode(m.getValue(), "member");
                        List<Element> items = children(element, memberRef.path("locationName").asText(name));
                        if (!items.isEmpty()) {
                            ArrayNode list = out.putArray(m.getKey());
                            for (Element item : items) {
                                list.add(read(ms.member(), item, where + "." + name));
                            }
                        }
                    } else {
                        List<Element> found = children(element, name);
                        if (!found.isEmpty()) {
                            out.set(m.getKey(), read(m.getValue(), found.get(0), where + "." + name));
                        }
                    }
                }
                return out;
            }
            case "list" -> {
                JsonNode memberRef = model.memberNode(shapeName, "member");
                ArrayNode list = NODES.arrayNode();
                for (Element item : children(element, memberRef.path("locationName").asText("member"))) {
                    list.add(read(s.member(), item, where));
                }
                return list;
            }
            case "map" -> {
                ObjectNode map = NODES.objectNode();
                String keyName = model.memberNode(shapeName, "key").path("locationName").asText("key");
                String valueName = model.memberNode(shapeName, "value").path("locationName").asText("value");
                for (Element entry : children(element, "entry")) {
                    List<Element> k = children(entry, keyName);
                    List<Element> v = children(entry, valueName);
                    if (!k.isEmpty() && !v.isEmpty()) {
                        map.set(k.get(0).getTextContent(), read(s.value(), v.get(0), where));
                    }
                }
                return map;
            }
            default -> {
                return WireValues.parse(s, element.getTextContent(), "iso8601", where);
            }
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** Parses XML without DTDs or external entities. */
    static org.w3c.dom.Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // fatal errors throw; nothing printed
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (SAXException | IOException e) {
            throw new ServiceError(400, "MalformedXML",
                    "The XML you provided was not well-formed or did not validate against our published schema");
        }
    }
}
