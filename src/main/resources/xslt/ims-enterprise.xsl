<?xml version="1.0" encoding="UTF-8"?>
<!--
  IMS Enterprise 1.1 records for Moodle's enrol_imsenterprise, from the feed's computed records.
  The feed sends one chunk at a time (properties, a batch of persons, of groups, or of memberships
  across courses) and appends each result to the file, so memory does not grow with the file.
  Every record ends its line (Moodle reads line by line and looks for a record's closing tag in the
  line it has just read); nothing else is indented, which keeps the file about 40% smaller.
  Moodle reads the file with regular expressions, not an XML parser (docs/contract.md §4.1), hence:
  no namespaces, no comments, no CDATA; roletype is the first and only attribute of <role>, two digits;
  <status> is always written; only &, < and > are escaped in text (the serializer never escapes quotes
  in text), and every user value is element text, never an attribute. An empty value is left out rather
  than written as a self-closing element, which a scanner looking for <x>...</x> would not see.
-->
<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="UTF-8" omit-xml-declaration="yes" indent="no"/>
  <xsl:variable name="nl" select="'&#10;'"/>

  <xsl:template match="/properties">
    <properties>
      <datasource><xsl:value-of select="datasource"/></datasource>
      <xsl:if test="normalize-space(target) != ''">
        <target><xsl:value-of select="target"/></target>
      </xsl:if>
      <datetime><xsl:value-of select="datetime"/></datetime>
    </properties>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="/persons">
    <xsl:variable name="source" select="string(source)"/>
    <xsl:variable name="auth" select="string(auth)"/>
    <xsl:for-each select="p">
      <person recstatus="1">
        <sourcedid><source><xsl:value-of select="$source"/></source><id><xsl:value-of select="id"/></id></sourcedid>
        <userid><xsl:if test="$auth != ''"><xsl:attribute name="authenticationtype" select="$auth"/></xsl:if><xsl:value-of select="userid"/></userid>
        <name>
          <fn><xsl:value-of select="normalize-space(concat(given, ' ', family))"/></fn>
          <n>
            <xsl:if test="string(family) != ''"><family><xsl:value-of select="family"/></family></xsl:if>
            <xsl:if test="string(given) != ''"><given><xsl:value-of select="given"/></given></xsl:if>
          </n>
        </name>
        <xsl:if test="normalize-space(email) != ''">
          <email><xsl:value-of select="email"/></email>
        </xsl:if>
      </person>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="/groups">
    <xsl:variable name="source" select="string(source)"/>
    <xsl:for-each select="g">
      <group recstatus="1">
        <sourcedid><source><xsl:value-of select="$source"/></source><id><xsl:value-of select="id"/></id></sourcedid>
        <grouptype><typevalue level="1">Course</typevalue></grouptype>
        <description>
          <short><xsl:value-of select="short"/></short>
          <long><xsl:value-of select="long"/></long>
        </description>
        <org>
          <orgunit><xsl:value-of select="category"/></orgunit>
        </org>
      </group>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="/memberships">
    <xsl:variable name="source" select="string(source)"/>
    <xsl:for-each select="c">
      <membership>
        <sourcedid><source><xsl:value-of select="$source"/></source><id><xsl:value-of select="course"/></id></sourcedid>
        <xsl:value-of select="$nl"/>
        <xsl:for-each select="m">
          <member>
            <sourcedid><source><xsl:value-of select="$source"/></source><id><xsl:value-of select="id"/></id></sourcedid>
            <idtype>1</idtype>
            <role roletype="01"><status><xsl:value-of select="status"/></status></role>
          </member>
          <xsl:value-of select="$nl"/>
        </xsl:for-each>
      </membership>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
